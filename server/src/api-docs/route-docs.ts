import {
  AlertAuditEntrySchema,
  AlertPayloadSchema,
  AlertUpdatedPayloadSchema,
  ConversationMessageSchema,
  ConversationViewSchema,
  HealthResponseSchema,
  IngestResultSchema,
  LoginResponseSchema,
  PatientResponseSchema,
  PresenceResponseSchema,
  ReplyResponseSchema,
  StaffMemberSchema,
  StationConfigSchema,
  TenantSettingsViewSchema,
  TokenPairSchema,
  UserResponseSchema,
  UserSummarySchema,
  WebhookAcceptedSchema,
  WhatsAppWebhookBodySchema,
} from '@plantao/shared';
import type { z } from 'zod';
import type { RouteKey } from './route-access';

/** One success answer: a JSON body (zod, as the server answers it), a text body, or none (204). */
export interface SuccessDoc {
  description: string;
  schema?: z.ZodType;
  /** Media type of a non-JSON body (Prometheus text, the verification challenge). */
  text?: string;
}

/**
 * What the controller cannot say by itself: what the route is for (summary),
 * what it answers, and the refusals particular to it. Roles come from
 * `@Roles`/`@Public` and the refusals every route shares (400, 401, 403,
 * 404, 413, 503) are added for all (complete-openapi.ts). A controller's own
 * `@ApiOperation`/`@ApiOkResponse` wins over an entry here.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  responses?: Record<number, SuccessDoc>;
  /** Route-specific refusals: status → description (the body is always the error shape). */
  errors?: Record<number, string>;
  /** A body the handler reads raw, so Nest cannot see it (the WhatsApp webhook). */
  body?: z.ZodType;
  /** Request headers the route needs besides `Authorization`. */
  headers?: { name: string; description: string; required: boolean }[];
}

const json = (description: string, schema: z.ZodType): SuccessDoc => ({ description, schema });
const list = (description: string, schema: z.ZodType): SuccessDoc => ({ description, schema: schema.array() });

/** Every route of the REST surface (contract v1 plus additions). The api-docs test fails for a route missing here. */
export const ROUTE_DOCS: Record<RouteKey, RouteDoc> = {
  'post /api/auth/login': {
    summary: 'Sign in: e-mail and password for an access token and a refresh token',
    responses: { 200: json('Signed in', LoginResponseSchema) },
    errors: {
      401: 'Wrong e-mail or password (`code: account_disabled` for a disabled account with the right password)',
      429: 'Too many failed sign-ins for this account or address; `Retry-After` says how many seconds to wait',
    },
  },
  'post /api/auth/refresh': {
    summary: 'Trade a refresh token for a new pair (rotation: the old one stops working)',
    responses: { 200: json('A new access token and refresh token', TokenPairSchema) },
    errors: { 401: 'Unknown, expired, revoked or reused refresh token' },
  },
  'post /api/auth/logout': {
    summary: "Sign a session out: its refresh token's whole family is revoked",
    responses: { 204: { description: 'Revoked (an unknown token is answered the same)' } },
  },
  'post /api/users': {
    summary: "Create a user in the admin's hospital",
    responses: { 201: json('The new user (never a password hash)', UserResponseSchema) },
    errors: { 409: 'The e-mail is taken' },
  },
  'get /api/users': { summary: "The hospital's users", responses: { 200: list('Users, never password hashes', UserSummarySchema) } },
  'post /api/users/{id}/disable': {
    summary: 'Disable a user: signed out everywhere, refused until enabled again',
    responses: { 200: json('The user', UserSummarySchema) },
    errors: { 409: '`code: cannot_disable_self`: an admin cannot disable their own account' },
  },
  'post /api/users/{id}/enable': { summary: 'Enable a disabled user again', responses: { 200: json('The user', UserSummarySchema) } },
  'post /api/users/{id}/reset-password': {
    summary: "Set a user's password (same policy as a new user's); their sessions are revoked",
    responses: { 204: { description: "Password changed; the user's refresh tokens are revoked" } },
  },
  'get /api/staff': {
    summary: "The hospital's users as names (no e-mails), so stations say “Lida por Ana”",
    responses: { 200: list('Colleagues', StaffMemberSchema) },
  },
  'get /api/tenant/settings': {
    summary: "The hospital's settings (secrets only as “set” flags)",
    responses: { 200: json('Settings', TenantSettingsViewSchema) },
  },
  'put /api/tenant/settings': {
    summary: "Change the hospital's settings (absent keys keep their value)",
    responses: { 200: json('The settings after the change', TenantSettingsViewSchema) },
    errors: { 409: '`whatsappPhoneNumberId` is connected to another hospital' },
  },
  'get /api/station/config': {
    summary: 'What a station needs from its hospital: alarm window and time zone',
    responses: { 200: json('Station configuration', StationConfigSchema) },
  },
  'get /api/presence': {
    summary: 'The stations of the hospital online now',
    responses: { 200: json('Stations online', PresenceResponseSchema) },
  },
  'post /api/patients': {
    summary: 'Register a patient (emits `new_patient`)',
    responses: { 201: json('The patient', PatientResponseSchema) },
    errors: {
      409: '`code: phone_in_use`: another patient of the hospital has this phone (`details` names `phone`); `code: patient_exists`: the id is taken',
    },
  },
  'get /api/patients': {
    summary: "The hospital's patients: by name, or the worklist with `sort=priority` (highest first)",
    responses: { 200: list('Patients', PatientResponseSchema) },
  },
  'get /api/patients/{id}': { summary: 'One patient', responses: { 200: json('The patient', PatientResponseSchema) } },
  'patch /api/patients/{id}': {
    summary: "Change a patient's status (emits `patient_status_change`)",
    responses: { 200: json('The patient', PatientResponseSchema) },
  },
  'post /api/alerts': {
    summary: 'Raise an alert about a registered patient (stored, then emitted as `critical_alert`)',
    description:
      "The patient must be the hospital's (`POST /api/patients` first), and stations are shown the record's name and bed: " +
      'a `patientName` (or `metadata.bed`) that names someone else is refused, and nothing is stored. ' +
      'Case, accents and spacing do not count as a difference.',
    responses: {
      201: json('Stored and emitted', AlertPayloadSchema),
      200: json('This `externalId` was seen before: the stored alert, nothing emitted', AlertPayloadSchema),
    },
    errors: {
      422:
        '`code: unknown_patient` (`details` names `patientId`): no such patient in this hospital; ' +
        '`code: patient_mismatch` (`details` names `patientName` or `metadata.bed`): the body disagrees with the record. Nothing is stored.',
    },
  },
  'get /api/alerts': {
    summary: 'Stored alerts with `seq > afterSeq`, ascending, with read and acknowledgement state',
    responses: { 200: list('Alerts', AlertPayloadSchema) },
  },
  'post /api/alerts/{id}/read': {
    summary: 'Mark an alert read by the caller (emits `alert_updated`)',
    responses: { 200: json('The alert’s read and acknowledgement state', AlertUpdatedPayloadSchema) },
  },
  'post /api/alerts/{id}/ack': {
    summary: 'Acknowledge an alert clinically: stops its alarm at every station (emits `alert_updated`)',
    responses: { 200: json('The alert’s read and acknowledgement state', AlertUpdatedPayloadSchema) },
  },
  'get /api/alerts/{id}/audit': {
    summary: 'Who read, acknowledged, received or escalated an alert, and when',
    responses: { 200: list('Audit entries, oldest first', AlertAuditEntrySchema) },
  },
  'get /api/conversations': {
    summary: "The hospital's conversations, newest first",
    responses: { 200: list('Conversations', ConversationViewSchema) },
  },
  'get /api/conversations/{id}/messages': {
    summary: 'The last 200 messages of a conversation, oldest first',
    responses: { 200: list('Messages', ConversationMessageSchema) },
  },
  'post /api/conversations/{id}/assume': {
    summary: 'Take a conversation (emits `conversation_update`)',
    responses: { 200: json('The conversation', ConversationViewSchema) },
  },
  'post /api/conversations/{id}/resolve': {
    summary: 'Close a conversation (emits `conversation_update`)',
    responses: { 200: json('The conversation', ConversationViewSchema) },
  },
  'post /api/conversations/messages': {
    summary: 'Push a message from an agent that is not WhatsApp: stored, shown, triaged (may raise an alert)',
    responses: {
      201: json('Stored and processed', IngestResultSchema),
      200: json('This `messageId` was seen before: processed once, `duplicate: true`', IngestResultSchema),
    },
  },
  'post /api/conversations/{id}/reply': {
    summary: "A nurse's reply: stored at once (pending), sent through the WhatsApp Cloud API, retried",
    responses: { 201: json('Stored; delivery follows as `message_sent` updates', ReplyResponseSchema) },
  },
  'get /api/webhooks/whatsapp': {
    summary: "Meta's subscription check: echoes `hub.challenge` when `hub.verify_token` is WHATSAPP_VERIFY_TOKEN",
    responses: { 200: { description: 'The challenge, as plain text', text: 'text/plain' } },
    errors: { 403: 'Wrong mode or verify token' },
  },
  'post /api/webhooks/whatsapp': {
    summary: 'WhatsApp Cloud API deliveries, signed by Meta (`X-Hub-Signature-256`)',
    description:
      'The signature is `sha256=` + the hex HMAC-SHA256 of the exact body bytes, keyed with WHATSAPP_APP_SECRET ' +
      '(README "Integrating with Plantão" has a curl recipe). A verified delivery is stored before the 200 and processed after it.',
    body: WhatsAppWebhookBodySchema,
    headers: [
      { name: 'X-Hub-Signature-256', description: '`sha256=<hex HMAC-SHA256 of the raw body, keyed with the app secret>`', required: true },
    ],
    responses: { 200: json('Stored; processed next', WebhookAcceptedSchema) },
    errors: { 401: 'Missing or wrong signature, or no app secret configured (the server log says which); nothing stored' },
  },
  'get /health': {
    summary: 'Liveness and readiness: database, Redis and queue backlogs',
    responses: {
      200: json('Every dependency up', HealthResponseSchema),
      503: json('A dependency is down (`status: error`)', HealthResponseSchema),
    },
  },
  'get /metrics': {
    summary: 'Prometheus metrics (text exposition format)',
    responses: { 200: { description: 'Metrics', text: 'text/plain' } },
    errors: { 401: 'METRICS_TOKEN is set and the bearer token differs, or production without METRICS_TOKEN (`WWW-Authenticate: Bearer`)' },
  },
};
