import {
  IpcChannel,
  IpcErrorCode,
  type IpcInvokeChannel,
  type ManagedConfigStatus,
  type SoundKind,
  type StationInfo,
} from '@plantao/shared';
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { StationCore } from '../core/station-core';
import { guardHandler, type IpcHandler, IpcRefusal } from './ipc-guard';
import type { Logger } from './logger';
import { LockedSettingError, type SettingsStore } from './settings';
import { toSnapshot } from './snapshot';

export type IpcHandlers = { [C in IpcInvokeChannel]: IpcHandler<C> };

export interface IpcDependencies {
  station: StationCore;
  settings: SettingsStore;
  managedConfigStatus(): ManagedConfigStatus;
  playSound(kind: SoundKind): void;
  appVersion: string;
}

/** What each renderer request does: one line per channel. */
export function createIpcHandlers({ station, settings, managedConfigStatus, playSound, appVersion }: IpcDependencies): IpcHandlers {
  const stationInfo = (): StationInfo => {
    const serverUrl = station.serverUrl || settings.current().serverUrl;
    return {
      host: 'desktop',
      appVersion,
      serverUrlSource: settings.current().locked.includes('serverUrl') ? 'managed' : 'settings',
      ...(serverUrl ? { serverUrl } : {}),
      supportsStartAtLogin: true,
    };
  };
  return {
    [IpcChannel.GetState]: () => toSnapshot(station.store.getState()),
    [IpcChannel.AckAlert]: ({ alertId }) => station.ackAlert(alertId),
    [IpcChannel.MarkAlertRead]: ({ alertId }) => station.markAlertRead(alertId),
    [IpcChannel.SilenceAlarms]: () => station.silenceAlarms(),
    [IpcChannel.Login]: async ({ email, password, serverUrl }) => {
      // The address typed on the sign-in screen: refused where IT fixed it, kept once the server accepts the login.
      const typed = serverUrl !== undefined && serverUrl !== station.serverUrl ? serverUrl : undefined;
      if (typed !== undefined && settings.current().locked.includes('serverUrl')) {
        throw new IpcRefusal(IpcErrorCode.LockedSetting, 'the server address is set by the hospital IT');
      }
      await station.login(email, password, typed);
      if (typed !== undefined) settings.update({ serverUrl: typed });
    },
    [IpcChannel.Logout]: () => station.logout(),
    [IpcChannel.GetSettings]: () => settings.current(),
    [IpcChannel.SetSettings]: (patch) => {
      try {
        return settings.update(patch);
      } catch (error) {
        if (error instanceof LockedSettingError) throw new IpcRefusal(IpcErrorCode.LockedSetting, error.message);
        throw error;
      }
    },
    [IpcChannel.GetManagedConfigStatus]: () => managedConfigStatus(),
    [IpcChannel.GetStationInfo]: () => stationInfo(),
    [IpcChannel.ListPatients]: () => station.listPatients(),
    [IpcChannel.ListConversations]: () => station.listConversations(),
    [IpcChannel.GetConversationMessages]: ({ conversationId }) => station.getConversationMessages(conversationId),
    [IpcChannel.AssumeConversation]: ({ conversationId }) => station.assumeConversation(conversationId),
    [IpcChannel.ResolveConversation]: ({ conversationId }) => station.resolveConversation(conversationId),
    [IpcChannel.ReplyToConversation]: ({ conversationId, content }) => station.replyToConversation(conversationId, content),
    [IpcChannel.SubscribePatient]: ({ patientId }) => station.subscribePatient(patientId),
    [IpcChannel.UnsubscribePatient]: ({ patientId }) => station.unsubscribePatient(patientId),
    [IpcChannel.GetAlertAudit]: ({ alertId }) => station.getAlertAudit(alertId),
    [IpcChannel.TestSound]: ({ kind }) => playSound(kind),
  };
}

/** Registers every invoke handler, each behind the sender check and schema parse. */
export function registerIpcHandlers(handlers: IpcHandlers, isTrusted: (event: IpcMainInvokeEvent) => boolean, log: Logger): void {
  const register = <C extends IpcInvokeChannel>(channel: C): void => {
    ipcMain.handle(channel, guardHandler(channel, handlers[channel], isTrusted, log));
  };
  for (const channel of Object.keys(handlers) as IpcInvokeChannel[]) register(channel);
}
