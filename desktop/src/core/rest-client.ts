import {
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
 * The few REST calls the station makes (contract v1, "REST"): login, refresh
 * (rotation), and the alert actions when the socket is down. Answers are
 * validated with the shared schemas like every other server input.
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
  alertAction(accessToken: string, alertId: string, action: 'ack' | 'read'): Promise<AlertUpdatedPayload>;
  /** The hospital's patients (names and beds for notifications), highest priority first. */
  patients(accessToken: string): Promise<PatientResponse[]>;
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
    alertAction: (accessToken, alertId, action) =>
      call(`/api/alerts/${encodeURIComponent(alertId)}/${action}`, {}, AlertUpdatedPayloadSchema, accessToken),
    patients: (accessToken) => call('/api/patients?sort=priority', undefined, z.array(PatientResponseSchema), accessToken),
  };
}
