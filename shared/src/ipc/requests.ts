import { z } from 'zod';
import { IdSchema } from '../events/common';
import { LoginRequestSchema } from '../rest/auth';
import { IpcChannel, type IpcInvokeChannel } from './channels';
import { type EffectiveSettings, UserSettingsSchema } from '../config/managed-config';
import type { ManagedConfigStatus } from './settings';
import { type StationSnapshot } from './snapshot';

export const AlertIdRequestSchema = z.strictObject({ alertId: IdSchema });
export type AlertIdRequest = z.infer<typeof AlertIdRequestSchema>;

export const LoginCredentialsSchema = LoginRequestSchema.strict();
export type LoginCredentials = z.infer<typeof LoginCredentialsSchema>;

/** `setSettings` payload: the user-settable keys, each optional; an unknown key is refused, not dropped. */
export const SettingsPatchSchema = UserSettingsSchema.strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Channels that carry no payload accept exactly `undefined`. */
const NoPayloadSchema = z.undefined();

/** The payload schema of every invoke channel: the main process parses each message with it. */
export const IpcRequestSchemas = {
  [IpcChannel.GetState]: NoPayloadSchema,
  [IpcChannel.AckAlert]: AlertIdRequestSchema,
  [IpcChannel.MarkAlertRead]: AlertIdRequestSchema,
  [IpcChannel.SilenceAlarms]: NoPayloadSchema,
  [IpcChannel.Login]: LoginCredentialsSchema,
  [IpcChannel.Logout]: NoPayloadSchema,
  [IpcChannel.GetSettings]: NoPayloadSchema,
  [IpcChannel.SetSettings]: SettingsPatchSchema,
  [IpcChannel.GetManagedConfigStatus]: NoPayloadSchema,
} as const satisfies Record<IpcInvokeChannel, z.ZodType>;

export type IpcRequest<C extends IpcInvokeChannel> = z.infer<(typeof IpcRequestSchemas)[C]>;

/** What each invoke channel answers (inside `IpcResult`). */
export interface IpcResponses {
  [IpcChannel.GetState]: StationSnapshot;
  [IpcChannel.AckAlert]: void;
  [IpcChannel.MarkAlertRead]: void;
  [IpcChannel.SilenceAlarms]: void;
  [IpcChannel.Login]: void;
  [IpcChannel.Logout]: void;
  [IpcChannel.GetSettings]: EffectiveSettings;
  [IpcChannel.SetSettings]: EffectiveSettings;
  [IpcChannel.GetManagedConfigStatus]: ManagedConfigStatus;
}

/** Main → renderer pushes. */
export const OpenAlertPushSchema = z.strictObject({ alertId: IdSchema });
export type OpenAlertPush = z.infer<typeof OpenAlertPushSchema>;
