/**
 * The station core's public surface (no Electron, no Node-only modules: the
 * file-backed storage is imported from './file-storage' by Node hosts).
 */
export { createStation, type StationOptions } from './create-station';
export type { StationAlert, StationCore, StationPatient, StationState } from './station-core';
export type { AlarmOutputs, ConnectionStatus, NotificationRequest, SoundKind, TrayState } from './ports';
export { createMemoryStorage, type PersistedStation, type StationStorage } from './storage';
export { type CoreLogger } from './logger';
export { type Scheduler, realScheduler } from './scheduler';
export { type CoreLocale, coreMessages } from './i18n';
export { DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
export { type AlertFormatter, type AlertNotificationInput, formatAlertNotification, patientInitials } from './notification-text';
export { DEFAULT_BURST_INTERVAL_MS, DEFAULT_TECHNICAL_ALARM_AFTER_MS, SILENCE_MS } from './alarm-policy';
