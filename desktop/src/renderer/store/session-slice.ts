import type { DesktopApi, LoginCredentials, StationInfo } from '@plantao/shared';
import type { StateCreator } from 'zustand/vanilla';
import type { RendererState } from './create-renderer-store';

/**
 * Who is signed in comes from the snapshot (`station.user`); this slice holds
 * what the sign-in screen needs besides: the host's facts (where the server
 * address comes from) and the sign-in/out calls.
 */
export interface SessionSlice {
  stationInfo: StationInfo | undefined;
  stationInfoLoadFailed: boolean;
  /** Never rejects: a failure sets `stationInfoLoadFailed` (the sign-in screen offers a retry). */
  loadStationInfo(): Promise<void>;
  /** Rejects with the IPC error (`[login_refused] …`) for the form to explain. */
  signIn(credentials: LoginCredentials): Promise<void>;
  signOut(): Promise<void>;
}

export const createSessionSlice =
  (api: DesktopApi): StateCreator<RendererState, [], [], SessionSlice> =>
  (set) => ({
    stationInfo: undefined,
    stationInfoLoadFailed: false,
    loadStationInfo: async () => {
      try {
        set({ stationInfo: await api.getStationInfo(), stationInfoLoadFailed: false });
      } catch {
        // Without it the sign-in screen cannot tell whether to ask for a server address.
        set({ stationInfoLoadFailed: true });
      }
    },
    signIn: (credentials) => api.login(credentials),
    signOut: async () => {
      await api.logout();
      // The next nurse starts from a clean screen: no selection, no filter left behind.
      set({ selectedPatientId: undefined, focusedAlert: undefined, alertFilter: 'all', dialog: undefined, openedPatientIds: {} });
    },
  });
