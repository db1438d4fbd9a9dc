import { z } from 'zod';
import { AlertPayloadSchema } from './alert';
import { IdSchema } from './common';
import { StationIdentitySchema } from './presence';

/** Client → server payloads (contract v1). Unknown keys are stripped, never trusted. */
export const PatientRefSchema = z.object({ patientId: IdSchema });
export type PatientRef = z.infer<typeof PatientRefSchema>;

export const AlertRefSchema = z.object({ alertId: IdSchema });
export type AlertRef = z.infer<typeof AlertRefSchema>;

/**
 * Most alerts one `sync` answers: a station that receives this many asks for
 * the next page. One constant for the server's answer and the station's paging.
 */
export const SYNC_PAGE_SIZE = 1_000;

export const SyncRequestSchema = z.object({ afterSeq: z.number().int().min(0) });
export type SyncRequest = z.infer<typeof SyncRequestSchema>;

export const RefreshTokenRequestSchema = z.object({ token: z.string().min(1).max(8192) });
export type RefreshTokenRequest = z.infer<typeof RefreshTokenRequestSchema>;

/**
 * `alert_delivered`: a station confirms, without a nurse, that it holds these
 * alerts (live or replayed; issue #9). At most one sync page per call.
 */
export const AlertDeliveredRequestSchema = z.object({ alertIds: z.array(IdSchema).min(1).max(SYNC_PAGE_SIZE) });
export type AlertDeliveredRequest = z.infer<typeof AlertDeliveredRequestSchema>;

/** Handshake `auth` object. `tenantId`/`userId` are deliberately absent: they come from the token. */
export const HandshakeAuthSchema = z.object({
  token: z.string().min(1).max(8192),
  lastSeq: z.coerce.number().int().min(0).optional(),
  /**
   * Stations identify themselves (receipts, presence); integrations may omit it.
   * A malformed one is dropped rather than refusing the connection: a station must never be kept offline by its name.
   */
  station: StationIdentitySchema.optional().catch(undefined),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuthSchema>;

/** `rate_limited`: the socket sent more than its fair share (issue #8); the request was not run. Retry later. */
export const ErrorCodeSchema = z.enum(['invalid_payload', 'not_found', 'forbidden', 'unauthorized', 'internal', 'rate_limited']);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorAckSchema = z.object({
  status: z.literal('error'),
  code: ErrorCodeSchema,
  message: z.string().optional(),
});
export type ErrorAck = z.infer<typeof ErrorAckSchema>;

export const OkAckSchema = z.object({ status: z.literal('ok') });
export type OkAck = z.infer<typeof OkAckSchema>;

export const SubscribedAckSchema = z.object({ status: z.literal('subscribed'), patientId: IdSchema });
export const UnsubscribedAckSchema = z.object({ status: z.literal('unsubscribed'), patientId: IdSchema });
export const SyncAckSchema = z.object({ status: z.literal('ok'), alerts: z.array(AlertPayloadSchema) });
export const RefreshAckSchema = z.object({ status: z.literal('ok'), exp: z.number().int() });

export type SubscribeAck = z.infer<typeof SubscribedAckSchema> | ErrorAck;
export type UnsubscribeAck = z.infer<typeof UnsubscribedAckSchema> | ErrorAck;
export type AlertActionAck = OkAck | ErrorAck;
export type SyncAck = z.infer<typeof SyncAckSchema> | ErrorAck;
export type RefreshAck = z.infer<typeof RefreshAckSchema> | ErrorAck;
