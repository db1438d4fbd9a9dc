import { IpcChannel, type StationSnapshot } from '@plantao/shared';
import type { WebContents } from 'electron';
import type { StoreApi } from 'zustand/vanilla';
import type { StationState } from '../core/station-core';
import { toSnapshot } from './snapshot';

export interface RendererPush {
  stateChanged(snapshot: StationSnapshot): void;
  openAlert(alertId: string): void;
}

/** Main → renderer messages; dropped while there is no page to receive them. */
export function createRendererPush(contents: () => WebContents | undefined): RendererPush {
  const send = (channel: string, payload: unknown, whenLoaded: boolean): void => {
    const target = contents();
    if (!target || target.isDestroyed()) return;
    if (!target.isLoading()) target.send(channel, payload);
    else if (whenLoaded) target.once('did-finish-load', () => target.send(channel, payload));
  };
  return {
    // A page still loading asks for the state itself (getState) once it is up.
    stateChanged: (snapshot) => send(IpcChannel.StateChanged, snapshot, false),
    // A click on a notification may have just opened the window: deliver once it loaded.
    openAlert: (alertId) => send(IpcChannel.OpenAlert, { alertId }, true),
  };
}

/**
 * Pushes the station state after changes. A burst of store updates (a
 * reconnect replaying many alerts) becomes one message per tick.
 */
export function pushStateChanges(store: StoreApi<StationState>, push: RendererPush): () => void {
  let scheduled = false;
  return store.subscribe(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      push.stateChanged(toSnapshot(store.getState()));
    });
  });
}
