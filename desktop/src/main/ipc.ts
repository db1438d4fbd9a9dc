import { IpcChannel, IpcErrorCode, type IpcInvokeChannel, type ManagedConfigStatus } from '@plantao/shared';
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
}

/** What each renderer request does: one line per channel. */
export function createIpcHandlers({ station, settings, managedConfigStatus }: IpcDependencies): IpcHandlers {
  return {
    [IpcChannel.GetState]: () => toSnapshot(station.store.getState()),
    [IpcChannel.AckAlert]: ({ alertId }) => station.ackAlert(alertId),
    [IpcChannel.MarkAlertRead]: ({ alertId }) => station.markAlertRead(alertId),
    [IpcChannel.SilenceAlarms]: () => station.silenceAlarms(),
    [IpcChannel.Login]: ({ email, password }) => station.login(email, password),
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
  };
}

/** Registers every invoke handler, each behind the sender check and schema parse. */
export function registerIpcHandlers(
  handlers: IpcHandlers,
  isTrusted: (event: IpcMainInvokeEvent) => boolean,
  log: Logger,
): void {
  const register = <C extends IpcInvokeChannel>(channel: C): void => {
    ipcMain.handle(channel, guardHandler(channel, handlers[channel], isTrusted, log));
  };
  for (const channel of Object.keys(handlers) as IpcInvokeChannel[]) register(channel);
}
