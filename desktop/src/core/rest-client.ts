import {
  type AlertAuditEntry,
  AlertAuditEntrySchema,
  type ConversationMessage,
  ConversationMessageSchema,
  type ConversationView,
  ConversationViewSchema,
  type StaffMember,
  StaffMemberSchema,
  type StationConfig,
  StationConfigSchema,
  type AlertUpdatedPayload,
  AlertUpdatedPayloadSchema,
  type LoginResponse,
  LoginResponseSchema,
  type PatientResponse,
  PatientResponseSchema,
  type TokenPair,
  TokenPairSchema,
} from '@plantao/shared';
import { z } from 'zod';

/**
 * The REST calls the station makes (contract v1, "REST", and the README's
 * additions): login, refresh (rotation), the alert actions when the socket is
 * down, and what the screens read (patients, conversations, staff names,
 * audit, station config). Answers are validated with the shared schemas like
 * every other server input.
 */

/** The server answered with an error status (`status` 401 means credentials or refresh token refused). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** No answer: network down, server down, timeout, or an answer that is not the contract's. */
export class UnreachableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreachableError';
  }
}

export interface RestClientOptions {
  serverUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RestClient {
  login(email: string, password: string): Promise<LoginResponse>;
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Revokes the sign-in's refresh-token family on the server (`POST /api/auth/logout`, answered 204 whatever the token). */
  logout(refreshToken: string): Promise<void>;
  alertAction(accessToken: string, alertId: string, action: 'ack' | 'read'): Promise<AlertUpdatedPayload>;
  /** The hospital's patients (names and beds for notifications), highest priority first. */
  patients(accessToken: string): Promise<PatientResponse[]>;
  conversations(accessToken: string): Promise<ConversationView[]>;
  messages(accessToken: string, conversationId: string): Promise<ConversationMessage[]>;
  conversationAction(accessToken: string, conversationId: string, action: 'assume' | 'resolve'): Promise<void>;
  reply(accessToken: string, conversationId: string, content: string): Promise<ConversationMessage>;
  audit(accessToken: string, alertId: string): Promise<AlertAuditEntry[]>;
  staff(accessToken: string): Promise<StaffMember[]>;
  stationConfig(accessToken: string): Promise<StationConfig>;
}

export const baseUrlOf = (serverUrl: string): string => serverUrl.replace(/\/+$/, '');

export function createRestClient(options: RestClientOptions): RestClient {
  const base = baseUrlOf(options.serverUrl);
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<S extends z.ZodType>(path: string, body: unknown, schema: S, token?: string): Promise<z.infer<S>> {
    const method = body === undefined ? 'GET' : 'POST';
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new UnreachableError(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      let message = text.slice(0, 200);
      try {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (typeof parsed.message === 'string') message = parsed.message;
      } catch {
        // Not JSON (a proxy's error page): keep the raw text.
      }
      // 5xx and proxy errors are "try again later", not a refusal.
      if (response.status >= 500) throw new UnreachableError(`${method} ${path}: ${response.status} ${message}`);
      throw new HttpError(response.status, message);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UnreachableError(`${method} ${path}: answer is not JSON`, { cause: error });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new UnreachableError(`${method} ${path}: answer does not match the contract: ${parsed.error.message}`);
    return parsed.data;
  }

  return {
    login: (email, password) => call('/api/auth/login', { email, password }, LoginResponseSchema),
    refresh: (refreshToken) => call('/api/auth/refresh', { refreshToken }, TokenPairSchema),
    logout: async (refreshToken) => {
      let response: Response;
      try {
        response = await doFetch(`${base}/api/auth/logout`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refreshToken }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new UnreachableError(`POST /api/auth/logout: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (!response.ok) throw new HttpError(response.status, `POST /api/auth/logout: ${response.status}`);
    },
    alertAction: (accessToken, alertId, action) =>
      call(`/api/alerts/${encodeURIComponent(alertId)}/${action}`, {}, AlertUpdatedPayloadSchema, accessToken),
    patients: (accessToken) => call('/api/patients?sort=priority', undefined, z.array(PatientResponseSchema), accessToken),
    conversations: (accessToken) => call('/api/conversations', undefined, z.array(ConversationViewSchema), accessToken),
    messages: (accessToken, conversationId) =>
      call(`/api/conversations/${encodeURIComponent(conversationId)}/messages`, undefined, z.array(ConversationMessageSchema), accessToken),
    conversationAction: async (accessToken, conversationId, action) => {
      await call(`/api/conversations/${encodeURIComponent(conversationId)}/${action}`, {}, z.unknown(), accessToken);
    },
    reply: (accessToken, conversationId, content) =>
      call(
        `/api/conversations/${encodeURIComponent(conversationId)}/reply`,
        { content },
        z.object({ message: ConversationMessageSchema }).transform((answer) => answer.message),
        accessToken,
      ),
    audit: (accessToken, alertId) =>
      call(`/api/alerts/${encodeURIComponent(alertId)}/audit`, undefined, z.array(AlertAuditEntrySchema), accessToken),
    staff: (accessToken) => call('/api/staff', undefined, z.array(StaffMemberSchema), accessToken),
    stationConfig: (accessToken) => call('/api/station/config', undefined, StationConfigSchema, accessToken),
  };
}
