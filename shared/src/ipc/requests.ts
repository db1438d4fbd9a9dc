import { z } from 'zod';
import { IdSchema } from '../events/common';
import type { ConversationMessage } from '../events/conversation';
import { LoginRequestSchema } from '../rest/auth';
import { type ConversationView, ReplyRequestSchema } from '../rest/conversations';
import type { AlertAuditEntry } from '../rest/station';
import { IpcChannel, type IpcInvokeChannel } from './channels';
import { type EffectiveSettings, HttpUrlSchema, UserSettingsSchema } from '../config/managed-config';
import type { ManagedConfigStatus, StationInfo } from './settings';
import { type StationPatient, type StationSnapshot } from './snapshot';

export const AlertIdRequestSchema = z.strictObject({ alertId: IdSchema });
export type AlertIdRequest = z.infer<typeof AlertIdRequestSchema>;

/**
 * Sign-in. `serverUrl` is the address the nurse typed on the sign-in screen
 * (first sign-in of a station); it is refused when IT fixed the address.
 */
export const LoginCredentialsSchema = LoginRequestSchema.extend({ serverUrl: HttpUrlSchema.optional() }).strict();
export type LoginCredentials = z.infer<typeof LoginCredentialsSchema>;

/** `setSettings` payload: the user-settable keys, each optional; an unknown key is refused, not dropped. */
export const SettingsPatchSchema = UserSettingsSchema.strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const ConversationIdRequestSchema = z.strictObject({ conversationId: IdSchema });
export type ConversationIdRequest = z.infer<typeof ConversationIdRequestSchema>;

export const ReplyToConversationRequestSchema = z.strictObject({ conversationId: IdSchema, content: ReplyRequestSchema.shape.content });
export type ReplyToConversationRequest = z.infer<typeof ReplyToConversationRequestSchema>;

export const PatientIdRequestSchema = z.strictObject({ patientId: IdSchema });
export type PatientIdRequest = z.infer<typeof PatientIdRequestSchema>;

/**
 * The alarm sounds (one WAV each, IEC 60601-1-8 patterns), testable in settings.
 * `alarm-escalated`: the high-priority burst, louder, for a critical alert nobody
 * acknowledged in time (issue #9).
 */
export const SoundKindSchema = z.enum(['alarm-high', 'alarm-medium', 'alarm-technical', 'alarm-escalated']);
export type SoundKind = z.infer<typeof SoundKindSchema>;
export const TestSoundRequestSchema = z.strictObject({ kind: SoundKindSchema });
export type TestSoundRequest = z.infer<typeof TestSoundRequestSchema>;

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
  [IpcChannel.GetStationInfo]: NoPayloadSchema,
  [IpcChannel.ListPatients]: NoPayloadSchema,
  [IpcChannel.ListConversations]: NoPayloadSchema,
  [IpcChannel.GetConversationMessages]: ConversationIdRequestSchema,
  [IpcChannel.AssumeConversation]: ConversationIdRequestSchema,
  [IpcChannel.ResolveConversation]: ConversationIdRequestSchema,
  [IpcChannel.ReplyToConversation]: ReplyToConversationRequestSchema,
  [IpcChannel.SubscribePatient]: PatientIdRequestSchema,
  [IpcChannel.UnsubscribePatient]: PatientIdRequestSchema,
  [IpcChannel.GetAlertAudit]: AlertIdRequestSchema,
  [IpcChannel.TestSound]: TestSoundRequestSchema,
} as const satisfies Record<IpcInvokeChannel, z.ZodType>;

export type IpcRequest<C extends IpcInvokeChannel> = z.infer<(typeof IpcRequestSchemas)[C]>;

/**
 * What follows the channel in an invoke: nothing for a channel without a
 * payload, its request otherwise. Typed by channel, so a wrong payload is a
 * compile error where the renderer's requests are sent (the preload).
 */
export type IpcInvokeArgs<C extends IpcInvokeChannel> =
  undefined extends IpcRequest<C> ? [payload?: IpcRequest<C>] : [payload: IpcRequest<C>];

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
  [IpcChannel.GetStationInfo]: StationInfo;
  [IpcChannel.ListPatients]: StationPatient[];
  [IpcChannel.ListConversations]: ConversationView[];
  [IpcChannel.GetConversationMessages]: ConversationMessage[];
  [IpcChannel.AssumeConversation]: void;
  [IpcChannel.ResolveConversation]: void;
  [IpcChannel.ReplyToConversation]: ConversationMessage;
  [IpcChannel.SubscribePatient]: void;
  [IpcChannel.UnsubscribePatient]: void;
  [IpcChannel.GetAlertAudit]: AlertAuditEntry[];
  [IpcChannel.TestSound]: void;
}

/** Main → renderer pushes. */
export const OpenAlertPushSchema = z.strictObject({ alertId: IdSchema });
export type OpenAlertPush = z.infer<typeof OpenAlertPushSchema>;
