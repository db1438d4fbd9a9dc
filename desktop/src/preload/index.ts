import { DESKTOP_API_GLOBAL, type DesktopApi, IpcChannel } from '@plantao/shared';
import { contextBridge } from 'electron';
import { invoke, subscribe } from './invoke';

/**
 * The renderer's only door to the main process: one function per channel,
 * never `ipcRenderer` itself. Bundled into one file (scripts/build-preload.mjs)
 * because a sandboxed preload cannot `require` anything but `electron`.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#20-do-not-expose-electron-apis-to-untrusted-web-content
 */
const api: DesktopApi = {
  getState: () => invoke(IpcChannel.GetState),
  onStateChanged: (listener) => subscribe(IpcChannel.StateChanged, listener),
  ackAlert: (alertId) => invoke(IpcChannel.AckAlert, { alertId }),
  markAlertRead: (alertId) => invoke(IpcChannel.MarkAlertRead, { alertId }),
  silenceAlarms: () => invoke(IpcChannel.SilenceAlarms),
  // Fields picked one by one: only what the channel's schema allows crosses.
  login: ({ email, password, serverUrl }) =>
    invoke(IpcChannel.Login, serverUrl === undefined ? { email, password } : { email, password, serverUrl }),
  logout: () => invoke(IpcChannel.Logout),
  getSettings: () => invoke(IpcChannel.GetSettings),
  setSettings: (patch) => invoke(IpcChannel.SetSettings, patch),
  getManagedConfigStatus: () => invoke(IpcChannel.GetManagedConfigStatus),
  getStationInfo: () => invoke(IpcChannel.GetStationInfo),
  onOpenAlert: (listener) => subscribe<{ alertId: string }>(IpcChannel.OpenAlert, ({ alertId }) => listener(alertId)),
  listPatients: () => invoke(IpcChannel.ListPatients),
  listConversations: () => invoke(IpcChannel.ListConversations),
  getConversationMessages: (conversationId) => invoke(IpcChannel.GetConversationMessages, { conversationId }),
  assumeConversation: (conversationId) => invoke(IpcChannel.AssumeConversation, { conversationId }),
  resolveConversation: (conversationId) => invoke(IpcChannel.ResolveConversation, { conversationId }),
  replyToConversation: (conversationId, content) => invoke(IpcChannel.ReplyToConversation, { conversationId, content }),
  subscribePatient: (patientId) => invoke(IpcChannel.SubscribePatient, { patientId }),
  unsubscribePatient: (patientId) => invoke(IpcChannel.UnsubscribePatient, { patientId }),
  getAlertAudit: (alertId) => invoke(IpcChannel.GetAlertAudit, { alertId }),
  testSound: (kind) => invoke(IpcChannel.TestSound, { kind }),
};

contextBridge.exposeInMainWorld(DESKTOP_API_GLOBAL, api);
