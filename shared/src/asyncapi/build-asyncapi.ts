import { z } from 'zod';
import { AlertPayloadSchema, AlertUpdatedPayloadSchema } from '../events/alert';
import {
  AlertDeliveredRequestSchema,
  AlertRefSchema,
  ErrorAckSchema,
  HandshakeAuthSchema,
  OkAckSchema,
  PatientRefSchema,
  RefreshAckSchema,
  RefreshTokenRequestSchema,
  SubscribedAckSchema,
  SyncAckSchema,
  SyncRequestSchema,
  UnsubscribedAckSchema,
} from '../events/client';
import { ConversationUpdatePayloadSchema } from '../events/conversation';
import { AlertEscalatedPayloadSchema } from '../events/escalation';
import { ALERTS_NAMESPACE, ClientEvent, ServerEvent } from '../events/names';
import { NewPatientPayloadSchema, PatientStatusChangePayloadSchema } from '../events/patient';
import { PresenceUpdatePayloadSchema } from '../events/presence';
import { PriorityUpdatePayloadSchema } from '../events/priority';

const schema = (s: z.ZodType) => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const serverEvents: Record<string, { schema: z.ZodType; summary: string; to: string }> = {
  [ServerEvent.CriticalAlert]: {
    schema: AlertPayloadSchema,
    summary: 'A stored alert (live, or replayed after lastSeq)',
    to: 'tenant room',
  },
  [ServerEvent.ConversationUpdate]: {
    schema: ConversationUpdatePayloadSchema,
    summary: 'A conversation changed',
    to: 'tenant room and patient subscribers',
  },
  [ServerEvent.PriorityUpdate]: {
    schema: PriorityUpdatePayloadSchema,
    summary: 'A patient priority changed (throttled: 1/s per patient, latest wins)',
    to: 'tenant room',
  },
  [ServerEvent.PatientStatusChange]: { schema: PatientStatusChangePayloadSchema, summary: 'A patient status changed', to: 'tenant room' },
  [ServerEvent.NewPatient]: { schema: NewPatientPayloadSchema, summary: 'A patient was registered', to: 'tenant room' },
  [ServerEvent.AlertUpdated]: {
    schema: AlertUpdatedPayloadSchema,
    summary: 'Read/acknowledgement/receipt state of an alert changed',
    to: 'tenant room',
  },
  [ServerEvent.AlertEscalated]: {
    schema: AlertEscalatedPayloadSchema,
    summary: 'A critical alert nobody acknowledged (or received) in time went up an escalation level',
    to: 'tenant room',
  },
  [ServerEvent.PresenceUpdate]: {
    schema: PresenceUpdatePayloadSchema,
    summary: 'How many stations of the tenant are online (on connect, then on every change)',
    to: 'tenant room',
  },
};

const clientEvents: Record<string, { schema: z.ZodType; acks: z.ZodType[]; summary: string }> = {
  [ClientEvent.SubscribePatient]: {
    schema: PatientRefSchema,
    acks: [SubscribedAckSchema, ErrorAckSchema],
    summary: "Receive a patient's conversation updates",
  },
  [ClientEvent.UnsubscribePatient]: {
    schema: PatientRefSchema,
    acks: [UnsubscribedAckSchema, ErrorAckSchema],
    summary: 'Stop receiving them',
  },
  [ClientEvent.MarkAlertRead]: { schema: AlertRefSchema, acks: [OkAckSchema, ErrorAckSchema], summary: 'Mark an alert read by the caller' },
  [ClientEvent.AckAlert]: {
    schema: AlertRefSchema,
    acks: [OkAckSchema, ErrorAckSchema],
    summary: 'Clinically acknowledge an alert (stops alarms at every station)',
  },
  [ClientEvent.Sync]: { schema: SyncRequestSchema, acks: [SyncAckSchema, ErrorAckSchema], summary: 'Fetch stored alerts after a seq' },
  [ClientEvent.RefreshToken]: {
    schema: RefreshTokenRequestSchema,
    acks: [RefreshAckSchema, ErrorAckSchema],
    summary: 'Extend the socket past its token expiry',
  },
  [ClientEvent.AlertDelivered]: {
    schema: AlertDeliveredRequestSchema,
    acks: [OkAckSchema, ErrorAckSchema],
    summary: 'Confirm receipt of alerts (live or replayed), automatically, without a nurse',
  },
};

/**
 * The AsyncAPI 3 description of `/alerts`, generated from the same zod
 * schemas the server validates with (docs/asyncapi.json; a test keeps the
 * committed file identical to this output).
 */
export function buildAsyncApi(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  const channelMessages: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const [name, event] of Object.entries(serverEvents)) {
    messages[name] = { name, summary: `${event.summary}. To: ${event.to}.`, payload: schema(event.schema) };
    channelMessages[name] = { $ref: `#/components/messages/${name}` };
    operations[`receive_${name}`] = {
      action: 'receive',
      channel: { $ref: '#/channels/alerts' },
      messages: [{ $ref: `#/channels/alerts/messages/${name}` }],
    };
  }
  for (const [name, event] of Object.entries(clientEvents)) {
    messages[name] = {
      name,
      summary: event.summary,
      payload: schema(event.schema),
      'x-ack': { oneOf: event.acks.map(schema) },
    };
    channelMessages[name] = { $ref: `#/components/messages/${name}` };
    operations[`send_${name}`] = {
      action: 'send',
      channel: { $ref: '#/channels/alerts' },
      messages: [{ $ref: `#/channels/alerts/messages/${name}` }],
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Plantão /alerts socket',
      version: '1.0.0',
      description:
        'Socket.io namespace `/alerts`. Handshake `auth` carries the access token and optional `lastSeq`; a refused handshake yields `connect_error` with message `unauthorized` or `token_expired`. Every client event answers through the Socket.io ack callback (`x-ack`); an invalid payload answers `{status:"error", code:"invalid_payload"}`.',
    },
    servers: { plantao: { host: 'localhost:3000', protocol: 'ws', pathname: '/socket.io' } },
    channels: {
      alerts: { address: ALERTS_NAMESPACE, messages: channelMessages, 'x-handshake-auth': schema(HandshakeAuthSchema) },
    },
    operations,
    components: { messages },
  };
}
