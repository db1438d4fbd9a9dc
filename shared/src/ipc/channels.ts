/**
 * Every IPC channel between the Electron main process and the renderer, named
 * once (like mattermost/desktop `src/common/communication.ts`). The preload
 * bundle imports only this file, so it must stay free of zod and other code.
 */
export const IpcChannel = {
  // renderer → main (ipcRenderer.invoke / ipcMain.handle)
  GetState: 'plantao:get-state',
  AckAlert: 'plantao:ack-alert',
  MarkAlertRead: 'plantao:mark-alert-read',
  SilenceAlarms: 'plantao:silence-alarms',
  Login: 'plantao:login',
  Logout: 'plantao:logout',
  GetSettings: 'plantao:get-settings',
  SetSettings: 'plantao:set-settings',
  GetManagedConfigStatus: 'plantao:get-managed-config-status',
  GetStationInfo: 'plantao:get-station-info',
  ListPatients: 'plantao:list-patients',
  ListConversations: 'plantao:list-conversations',
  GetConversationMessages: 'plantao:get-conversation-messages',
  AssumeConversation: 'plantao:assume-conversation',
  ResolveConversation: 'plantao:resolve-conversation',
  ReplyToConversation: 'plantao:reply-to-conversation',
  SubscribePatient: 'plantao:subscribe-patient',
  UnsubscribePatient: 'plantao:unsubscribe-patient',
  GetAlertAudit: 'plantao:get-alert-audit',
  TestSound: 'plantao:test-sound',
  // main → renderer (webContents.send / ipcRenderer.on)
  StateChanged: 'plantao:state-changed',
  OpenAlert: 'plantao:open-alert',
} as const;
export type IpcChannelName = (typeof IpcChannel)[keyof typeof IpcChannel];

/** The global the preload defines: `contextBridge.exposeInMainWorld('plantao', api)`. */
export const DESKTOP_API_GLOBAL = 'plantao';

/** Channels the main process pushes to the renderer. */
export type IpcPushChannel = typeof IpcChannel.StateChanged | typeof IpcChannel.OpenAlert;
/** Channels the renderer invokes and the main process answers. */
export type IpcInvokeChannel = Exclude<IpcChannelName, IpcPushChannel>;

/** Why the main process refused an invoke. */
export const IpcErrorCode = {
  InvalidPayload: 'invalid_payload',
  ForbiddenSender: 'forbidden_sender',
  LockedSetting: 'locked_setting',
  /** Wrong e-mail or password. */
  LoginRefused: 'login_refused',
  /** No answer from the server (down, wrong address, network). */
  ServerUnreachable: 'server_unreachable',
  /** Too many failed sign-ins for this account or PC: the server asks to wait (429). */
  TooManyAttempts: 'too_many_attempts',
  /** The server's TLS certificate is not trusted (expired, self-signed, wrong name). */
  CertificateError: 'certificate_error',
  /** An action that needs a signed-in nurse, with nobody signed in (or the session ended). */
  NotLoggedIn: 'not_logged_in',
  /** The server refused the action (e.g. a nurse-only action, a conversation that no longer exists). */
  Refused: 'refused',
  Failed: 'failed',
} as const;
export type IpcErrorCodeName = (typeof IpcErrorCode)[keyof typeof IpcErrorCode];

/**
 * What every invoke handler answers. The preload turns `ok: false` into a
 * rejected promise whose message is `[code] message`: errors thrown inside an
 * `ipcMain.handle` handler reach the renderer wrapped in Electron's own text.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCodeName; message: string } };

/** Formats the message of the Error the renderer sees for a refused invoke. */
export const ipcErrorMessage = (code: IpcErrorCodeName, message: string): string => `[${code}] ${message}`;

/** Reads the code back from a rejected invoke's message (`undefined` if it is not one). */
export function ipcErrorCodeOf(error: unknown): IpcErrorCodeName | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /^\[([a-z_]+)\]/.exec(message)?.[1];
  const codes: readonly string[] = Object.values(IpcErrorCode);
  return match !== undefined && codes.includes(match) ? (match as IpcErrorCodeName) : undefined;
}
