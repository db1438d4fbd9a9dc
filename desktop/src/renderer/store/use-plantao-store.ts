import type { DesktopApi } from '@plantao/shared';
import { createContext, createElement, type ReactNode, useContext, useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { sharedTranslator, type Translator } from '../i18n/translator';
import type { Clock } from '../ui/clock';
import type { RendererState, RendererStore } from './create-renderer-store';
import { selectLocale, selectTimeZone } from './selectors';

interface StationContextValue {
  store: RendererStore;
  api: DesktopApi;
  clock: Clock;
}

const StationContext = createContext<StationContextValue | null>(null);

/** Gives the tree its store, the DesktopApi (for calls that are not state) and the clock. */
export function StationProvider(props: StationContextValue & { children: ReactNode }): ReactNode {
  const { store, api, clock, children } = props;
  const value = useMemo(() => ({ store, api, clock }), [store, api, clock]);
  return createElement(StationContext.Provider, { value }, children);
}

function useStation(): StationContextValue {
  const value = useContext(StationContext);
  if (value === null) throw new Error('StationProvider is missing above this component');
  return value;
}

/** Reads the store through a selector; the component re-renders only when the selected value changes (`Object.is`). */
export function usePlantaoStore<T>(selector: (state: RendererState) => T): T {
  return useStore(useStation().store, selector);
}

/** For selectors that build an object or array of stable parts (shallow compare). */
export function usePlantaoStoreShallow<T extends object>(selector: (state: RendererState) => T): T {
  return useStore(useStation().store, useShallow(selector));
}

/** The store itself, for reading state inside callbacks (never during render). */
export function useRendererStore(): RendererStore {
  return useStation().store;
}

export function useDesktopApi(): DesktopApi {
  return useStation().api;
}

/** "Now", rounded down to `granularityMs`: a component re-renders only when that changes. */
export function useNow(granularityMs = 1_000): number {
  const { clock } = useStation();
  return useSyncExternalStore(clock.subscribe, () => Math.floor(clock.now() / granularityMs) * granularityMs);
}

/** Texts, times and lists in the nurse's language and the hospital's time zone. */
export function useT(): Translator {
  const locale = usePlantaoStore(selectLocale);
  const timeZone = usePlantaoStore(selectTimeZone);
  // Shared, not per component: every row of a virtual list calls this as it mounts (see sharedTranslator).
  return sharedTranslator(locale, timeZone);
}
