import type { StateCreator } from 'zustand/vanilla';
import type { RendererState } from './create-renderer-store';

export type AlertFilter = 'all' | 'unread' | 'critical';
export type OpenDialog = 'settings' | 'history' | 'audit';

/** Screen state that exists only on this screen (never sent to the core). */
export interface UiSlice {
  alertFilter: AlertFilter;
  selectedPatientId: string | undefined;
  /** Patients opened on this station since it started: their "Novo" mark is gone. */
  openedPatientIds: Readonly<Record<string, true>>;
  /** An alert to bring into view and focus (a notification was clicked); `key` repeats the request. */
  focusedAlert: { id: string; key: number } | undefined;
  dialog: OpenDialog | undefined;
  /** The alert whose history (`audit`) is open. */
  auditAlertId: string | undefined;
  setAlertFilter(filter: AlertFilter): void;
  selectPatient(patientId: string | undefined): void;
  focusAlert(alertId: string): void;
  openDialog(dialog: OpenDialog): void;
  /** Who received, read, acknowledged the alert, and its escalations (issue #9). */
  openAudit(alertId: string): void;
  closeDialog(): void;
}

export const createUiSlice: StateCreator<RendererState, [], [], UiSlice> = (set, get) => ({
  alertFilter: 'all',
  selectedPatientId: undefined,
  openedPatientIds: {},
  focusedAlert: undefined,
  dialog: undefined,
  auditAlertId: undefined,
  setAlertFilter: (alertFilter) => set({ alertFilter }),
  selectPatient: (selectedPatientId) =>
    set((state) => ({
      selectedPatientId,
      openedPatientIds:
        selectedPatientId === undefined || state.openedPatientIds[selectedPatientId]
          ? state.openedPatientIds
          : { ...state.openedPatientIds, [selectedPatientId]: true },
    })),
  focusAlert: (alertId) => {
    const alert = get().station?.alerts[alertId];
    // "Todos" so the alert is in the list whatever filter was on.
    set((state) => ({ alertFilter: 'all', focusedAlert: { id: alertId, key: (state.focusedAlert?.key ?? 0) + 1 } }));
    if (alert) get().selectPatient(alert.patientId);
  },
  openDialog: (dialog) => set({ dialog }),
  openAudit: (auditAlertId) => set({ dialog: 'audit', auditAlertId }),
  closeDialog: () => set({ dialog: undefined }),
});
