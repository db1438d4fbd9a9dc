import type { DesktopApi } from '@plantao/shared';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createSessionSlice, type SessionSlice } from './session-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createStationSlice, type StationSlice } from './station-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type RendererState = StationSlice & SessionSlice & SettingsSlice & UiSlice;
export type RendererStore = StoreApi<RendererState>;

/** One store per mounted screen, built from typed slices (no module-level state, so tests need no resets). */
export function createRendererStore(api: DesktopApi): RendererStore {
  return createStore<RendererState>()((...a) => ({
    ...createStationSlice(api)(...a),
    ...createSessionSlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createUiSlice(...a),
  }));
}

/**
 * Starts mirroring the station: subscribes to pushes first, then asks for the
 * current state, so no change falls between the two. A push that arrives
 * before `getState` answers is newer, so the answer is then dropped.
 * Returns the function that stops everything.
 */
export function connectRendererStore(store: RendererStore, api: DesktopApi): () => void {
  let stopped = false;
  let pushed = false;
  const state = store.getState();
  const offState = api.onStateChanged((snapshot) => {
    pushed = true;
    if (!stopped) state.receiveSnapshot(snapshot);
  });
  const offOpenAlert = api.onOpenAlert((alertId) => {
    if (!stopped) store.getState().focusAlert(alertId);
  });
  api.getState().then(
    (snapshot) => {
      if (!stopped && !pushed) state.receiveSnapshot(snapshot);
    },
    () => {
      if (!stopped && !pushed) state.markStationLoadFailed();
    },
  );
  void state.loadSettings();
  void state.loadStationInfo();
  return () => {
    stopped = true;
    offState();
    offOpenAlert();
  };
}
