import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RetentionDaysSchema, type Role, RoleSchema } from '@plantao/shared';
import { z } from 'zod';

/**
 * Every environment variable the server reads, validated once at start-up
 * (README "Configuration" lists them). A bad value stops the server with a
 * message naming the variable, instead of failing later at 3 a.m.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** PEM (SPKI) public key of a hospital identity provider: RS256 tokens it signs are accepted too. */
  JWT_PUBLIC_KEY: z.string().includes('BEGIN PUBLIC KEY', { message: 'must be a PEM public key (-----BEGIN PUBLIC KEY-----)' }).optional(),
  /** What an identity-provider token must carry, exactly (`iss`, `aud`): required with JWT_PUBLIC_KEY. */
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  /** Comma-separated tenant ids the identity provider may speak for: required with JWT_PUBLIC_KEY. */
  JWT_IDP_TENANTS: z.string().optional(),
  /** Comma-separated roles an identity-provider token may grant. */
  JWT_IDP_ROLES: z.string().default('nurse'),
  /** Identity-provider tokens valid for longer than this (`exp` − `iat`), or without `exp`, are refused. */
  JWT_MAX_LIFETIME_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  /** Sign-in throttling (issue #8): failures per account and per address before a block of LOGIN_BLOCK_SECONDS; 0 turns one off. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(0).default(10),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(0).default(50),
  LOGIN_BLOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/plantao.db'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** While Redis is unreachable, stations are disconnected this often so they replay from the database (0: only when it is back). */
  REDIS_OUTAGE_RESYNC_MS: z.coerce.number().int().min(0).default(10_000),
  /** How long a SQLite write waits for another connection's lock before answering 503 (the wait blocks the event loop). */
  SQLITE_BUSY_TIMEOUT_MS: z.coerce.number().int().min(0).max(10_000).default(2000),
  CORS_ORIGINS: z.string().optional(),
  WHATSAPP_APP_SECRET: z.string().optional(),
  WHATSAPP_VERIFY_TOKEN: z.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(5).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  /** A refresh token presented again this soon after its rotation is a lost answer, not theft. */
  REFRESH_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** Socket.io heartbeat: a dead link is noticed within interval + timeout (< 10 s, issue #4). */
  SOCKET_PING_INTERVAL_MS: z.coerce.number().int().min(1000).default(5000),
  SOCKET_PING_TIMEOUT_MS: z.coerce.number().int().min(1000).default(3000),
  /**
   * Payloads at least this large are compressed. Off by default: `npm run bench`
   * measured higher latency and CPU and dropped sockets in bursts (bench/README.md).
   */
  SOCKET_COMPRESSION_THRESHOLD_BYTES: z.coerce.number().int().min(0).optional(),
  /** Fair use per socket and per address (issue #8): README "Configuration" says how each was sized. */
  SOCKET_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(500).default(5000),
  SOCKET_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  SOCKET_CLIENT_ADDRESS_HEADER: z.string().trim().min(1).optional(),
  SOCKET_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(8),
  SOCKET_SYNC_BURST: z.coerce.number().int().min(1).default(100),
  SOCKET_SYNC_PER_MINUTE: z.coerce.number().min(0).default(60),
  SOCKET_ACTION_BURST: z.coerce.number().int().min(1).default(60),
  SOCKET_ACTION_PER_MINUTE: z.coerce.number().min(0).default(60),
  SOCKET_RATE_LIMITED_BEFORE_DISCONNECT: z.coerce.number().int().min(1).default(50),
  BODY_LIMIT: z.string().default('256kb'),
  PRIORITY_THROTTLE_MS: z.coerce.number().int().min(0).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo tenant on an empty development database (never in production). */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  /** Bearer token for `/metrics`; in production without it `/metrics` is closed unless METRICS_PUBLIC=true. */
  METRICS_TOKEN: z.string().optional(),
  METRICS_PUBLIC: z.enum(['true', 'false']).default('false'),
  /** OpenAPI (`/api/docs`, `/api/docs-json`) and AsyncAPI (`/api/docs/asyncapi.json`): on unless `false`. */
  API_DOCS: z.enum(['true', 'false']).default('true'),
  /** Outbound WhatsApp: Cloud API base URL (a local stand-in in tests) and a default access token. */
  WHATSAPP_API_BASE_URL: z.url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2000),
  TRIAGE_AGENT_URL: z.url().optional(),
  TRIAGE_AGENT_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
  /** Speech-to-text for WhatsApp voice notes (issue #10): raw audio POSTed, `{text}` answered, media download included in the timeout. */
  SPEECH_TO_TEXT_URL: z.url().optional(),
  SPEECH_TO_TEXT_TIMEOUT_MS: z.coerce.number().int().min(50).default(15_000),
  /** How often the no-response check and the work sweepers run. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** Retention (LGPD, issue #11): days messages and alerts are kept unless a tenant sets its own; 0 keeps them forever. */
  RETENTION_DAYS: z.coerce.number().pipe(RetentionDaysSchema).default(0),
  /** How often the purge runs (0: never, tests drive it) and how many rows one transaction deletes. */
  RETENTION_PURGE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  RETENTION_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Clinical safety (issue #9): how often escalation deadlines, "no station online" and the outbox are checked (0: never, tests drive it). */
  ESCALATION_CHECK_MS: z.coerce.number().int().min(0).default(1000),
  /** Outbound escalation (webhook, WhatsApp to on-call): first retry delay, doubled per attempt up to 10 min, and attempts before giving up. */
  ESCALATION_RETRY_BASE_MS: z.coerce.number().int().min(10).default(5000),
  ESCALATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(12),
  /** Presence: each instance refreshes its stations this often; a station not refreshed for PRESENCE_TTL_SECONDS is offline (a crashed instance's stations expire). */
  PRESENCE_HEARTBEAT_MS: z.coerce.number().int().min(0).default(10_000),
  PRESENCE_TTL_SECONDS: z.coerce.number().int().min(2).default(30),
  /** How often an instance recounts the online stations of its tenants and tells its stations when the count changed (0: only on connect/disconnect). */
  PRESENCE_CHECK_MS: z.coerce.number().int().min(0).default(2000),
  /** The built browser station served at `/station` (default: the repo's desktop/dist/station). */
  STATION_DIR: z.string().trim().min(1).optional(),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  jwtSecret: string;
  jwtPublicKey?: string;
  /** Bindings of the identity provider in `jwtPublicKey` (all set whenever it is). */
  jwtIssuer?: string;
  jwtAudience?: string;
  jwtIdpTenants: string[];
  jwtIdpRoles: Role[];
  jwtMaxLifetimeSeconds: number;
  loginMaxFailuresPerAccount: number;
  loginMaxFailuresPerAddress: number;
  loginBlockSeconds: number;
  databaseUrl: string;
  redisUrl?: string;
  redisOutageResyncMs: number;
  sqliteBusyTimeoutMs: number;
  corsOrigins: string[] | true;
  whatsappAppSecret?: string;
  whatsappVerifyToken?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  compressionThresholdBytes?: number;
  /** Engine connections that join no namespace in this time are closed. */
  socketConnectTimeoutMs: number;
  maxConnectionsPerAddress: number;
  /** Header a trusted reverse proxy sets with the client's address; unset: the TCP peer. */
  clientAddressHeader?: string;
  socketFairUse: FairUseConfig;
  bodyLimit: string;
  priorityThrottleMs: number;
  logLevel: string;
  seedDemo: boolean;
  metricsToken?: string;
  /** Production without METRICS_TOKEN: serve `/metrics` to anyone (health/metrics-access.ts). */
  metricsPublic: boolean;
  /** Serve the OpenAPI and AsyncAPI documents (API_DOCS). */
  apiDocs: boolean;
  whatsappApiBaseUrl: string;
  whatsappAccessToken?: string;
  outboundMaxAttempts: number;
  outboundRetryBaseMs: number;
  triageAgentUrl?: string;
  triageAgentTimeoutMs: number;
  speechToTextUrl?: string;
  speechToTextTimeoutMs: number;
  sweepIntervalMs: number;
  /** Server default for the tenant setting `retentionDays` (0: keep forever). */
  retentionDays: number;
  retentionPurgeIntervalMs: number;
  retentionBatchSize: number;
  /** Absolute path of the built browser station (`index.html` + assets). */
  stationDir: string;
  escalation: { checkMs: number; retryBaseMs: number; maxAttempts: number };
  presence: { heartbeatMs: number; ttlSeconds: number; checkMs: number };
}

/**
 * What one `/alerts` socket may ask (realtime/socket-fair-use.ts, issue #8).
 * Sized so that a real station never meets them: it sends one `sync` per
 * connect (up to 100 pages back to back when far behind) plus gap fills, and
 * a nurse clicks read/ack by hand.
 */
export interface FairUseConfig {
  /** Handlers one socket may have running at once; beyond that the answer is `rate_limited` at once. */
  maxInFlight: number;
  /** `sync` bucket: burst, and sustained refill per minute. */
  syncBurst: number;
  syncPerMinute: number;
  /** Every other event has a bucket of its own of this size (read, ack, subscribe, unsubscribe, refresh). */
  actionBurst: number;
  actionPerMinute: number;
  /** `rate_limited` answers a socket may collect (one forgiven per second) before it is disconnected. */
  refusalsBeforeDisconnect: number;
}

export class ConfigError extends Error {}

/**
 * Where `npm run build` puts the browser station, found from this file's own
 * place (server/src/config under vitest, server/dist/config when built: the
 * same depth), so it does not depend on the directory the server starts in.
 */
export const DEFAULT_STATION_DIR = resolve(__dirname, '../../../desktop/dist/station');

/** Where a SQLite database lives; the generated development JWT secret is kept beside it. */
export function dataDirectory(databaseUrl: string): string {
  return databaseUrl.startsWith('sqlite:') ? dirname(resolve(databaseUrl.slice('sqlite:'.length))) : resolve('./data');
}

function developmentSecret(databaseUrl: string): string {
  const file = resolve(dataDirectory(databaseUrl), 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

const commaList = (value: string | undefined) => (value ?? '').split(',').flatMap((v) => (v.trim() ? [v.trim()] : []));

/**
 * A hospital identity provider speaks only for the tenants and roles it is
 * given, and only with its own `iss` and `aud`: a key alone would let any
 * token it signs name any hospital as admin (issue #8). Fails closed.
 */
function identityProviderBindings(e: z.infer<typeof EnvSchema>) {
  const roles = commaList(e.JWT_IDP_ROLES);
  const badRole = roles.find((r) => !RoleSchema.safeParse(r).success);
  if (badRole) throw new ConfigError(`Invalid configuration: JWT_IDP_ROLES: unknown role "${badRole}" (nurse, admin, agent)`);
  const tenants = commaList(e.JWT_IDP_TENANTS);
  if (e.JWT_PUBLIC_KEY) {
    const missing = [
      ...(e.JWT_ISSUER ? [] : ['JWT_ISSUER']),
      ...(e.JWT_AUDIENCE ? [] : ['JWT_AUDIENCE']),
      ...(tenants.length > 0 ? [] : ['JWT_IDP_TENANTS']),
      ...(roles.length > 0 ? [] : ['JWT_IDP_ROLES']),
    ];
    if (missing.length > 0) {
      throw new ConfigError(`Invalid configuration: ${missing.join(', ')} required when JWT_PUBLIC_KEY is set (what its tokens may claim)`);
    }
  }
  return {
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    jwtIdpTenants: tenants,
    jwtIdpRoles: roles as Role[],
    jwtMaxLifetimeSeconds: e.JWT_MAX_LIFETIME_SECONDS,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${details}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  }
  const idp = identityProviderBindings(e);
  const origins = e.CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET ?? developmentSecret(e.DATABASE_URL),
    jwtPublicKey: e.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n'),
    ...idp,
    loginMaxFailuresPerAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    loginMaxFailuresPerAddress: e.LOGIN_MAX_FAILURES_PER_ADDRESS,
    loginBlockSeconds: e.LOGIN_BLOCK_SECONDS,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisOutageResyncMs: e.REDIS_OUTAGE_RESYNC_MS,
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    corsOrigins: origins && origins.length > 0 ? origins : e.NODE_ENV === 'production' ? [] : true,
    whatsappAppSecret: e.WHATSAPP_APP_SECRET,
    whatsappVerifyToken: e.WHATSAPP_VERIFY_TOKEN,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    pingIntervalMs: e.SOCKET_PING_INTERVAL_MS,
    pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS,
    compressionThresholdBytes: e.SOCKET_COMPRESSION_THRESHOLD_BYTES,
    socketConnectTimeoutMs: e.SOCKET_CONNECT_TIMEOUT_MS,
    maxConnectionsPerAddress: e.SOCKET_MAX_CONNECTIONS_PER_ADDRESS,
    clientAddressHeader: e.SOCKET_CLIENT_ADDRESS_HEADER,
    socketFairUse: {
      maxInFlight: e.SOCKET_MAX_IN_FLIGHT,
      syncBurst: e.SOCKET_SYNC_BURST,
      syncPerMinute: e.SOCKET_SYNC_PER_MINUTE,
      actionBurst: e.SOCKET_ACTION_BURST,
      actionPerMinute: e.SOCKET_ACTION_PER_MINUTE,
      refusalsBeforeDisconnect: e.SOCKET_RATE_LIMITED_BEFORE_DISCONNECT,
    },
    bodyLimit: e.BODY_LIMIT,
    priorityThrottleMs: e.PRIORITY_THROTTLE_MS,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.NODE_ENV !== 'production' && (e.SEED_DEMO ?? 'true') === 'true',
    metricsToken: e.METRICS_TOKEN || undefined,
    metricsPublic: e.METRICS_PUBLIC === 'true',
    apiDocs: e.API_DOCS === 'true',
    whatsappApiBaseUrl: e.WHATSAPP_API_BASE_URL.replace(/\/$/, ''),
    whatsappAccessToken: e.WHATSAPP_ACCESS_TOKEN,
    outboundMaxAttempts: e.OUTBOUND_MAX_ATTEMPTS,
    outboundRetryBaseMs: e.OUTBOUND_RETRY_BASE_MS,
    triageAgentUrl: e.TRIAGE_AGENT_URL,
    triageAgentTimeoutMs: e.TRIAGE_AGENT_TIMEOUT_MS,
    speechToTextUrl: e.SPEECH_TO_TEXT_URL,
    speechToTextTimeoutMs: e.SPEECH_TO_TEXT_TIMEOUT_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    retentionDays: e.RETENTION_DAYS,
    retentionPurgeIntervalMs: e.RETENTION_PURGE_INTERVAL_MS,
    retentionBatchSize: e.RETENTION_BATCH_SIZE,
    stationDir: e.STATION_DIR ? resolve(e.STATION_DIR) : DEFAULT_STATION_DIR,
    escalation: { checkMs: e.ESCALATION_CHECK_MS, retryBaseMs: e.ESCALATION_RETRY_BASE_MS, maxAttempts: e.ESCALATION_MAX_ATTEMPTS },
    presence: { heartbeatMs: e.PRESENCE_HEARTBEAT_MS, ttlSeconds: e.PRESENCE_TTL_SECONDS, checkMs: e.PRESENCE_CHECK_MS },
  };
}

/** Nest injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
