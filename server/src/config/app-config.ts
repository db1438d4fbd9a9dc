import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .default('sqlite:./data/plantao.db'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
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
  BODY_LIMIT: z.string().default('256kb'),
  PRIORITY_THROTTLE_MS: z.coerce.number().int().min(0).default(1000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seed the demo tenant on an empty development database (never in production). */
  SEED_DEMO: z.enum(['true', 'false']).optional(),
  METRICS_TOKEN: z.string().optional(),
  /** Outbound WhatsApp: Cloud API base URL (a local stand-in in tests) and a default access token. */
  WHATSAPP_API_BASE_URL: z.url().default('https://graph.facebook.com/v21.0'),
  WHATSAPP_ACCESS_TOKEN: z.string().optional(),
  OUTBOUND_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  OUTBOUND_RETRY_BASE_MS: z.coerce.number().int().min(10).default(2000),
  TRIAGE_AGENT_URL: z.url().optional(),
  TRIAGE_AGENT_TIMEOUT_MS: z.coerce.number().int().min(50).default(2000),
  /** How often the no-response check and the work sweepers run. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** The built browser station served at `/station` (default: the repo's desktop/dist/station). */
  STATION_DIR: z.string().trim().min(1).optional(),
});

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  jwtSecret: string;
  jwtPublicKey?: string;
  databaseUrl: string;
  redisUrl?: string;
  corsOrigins: string[] | true;
  whatsappAppSecret?: string;
  whatsappVerifyToken?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  refreshReuseGraceSeconds: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  compressionThresholdBytes?: number;
  bodyLimit: string;
  priorityThrottleMs: number;
  logLevel: string;
  seedDemo: boolean;
  metricsToken?: string;
  whatsappApiBaseUrl: string;
  whatsappAccessToken?: string;
  outboundMaxAttempts: number;
  outboundRetryBaseMs: number;
  triageAgentUrl?: string;
  triageAgentTimeoutMs: number;
  sweepIntervalMs: number;
  /** Absolute path of the built browser station (`index.html` + assets). */
  stationDir: string;
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
  const origins = e.CORS_ORIGINS?.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    jwtSecret: e.JWT_SECRET ?? developmentSecret(e.DATABASE_URL),
    jwtPublicKey: e.JWT_PUBLIC_KEY?.replace(/\\n/g, '\n'),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    corsOrigins: origins && origins.length > 0 ? origins : e.NODE_ENV === 'production' ? [] : true,
    whatsappAppSecret: e.WHATSAPP_APP_SECRET,
    whatsappVerifyToken: e.WHATSAPP_VERIFY_TOKEN,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    refreshReuseGraceSeconds: e.REFRESH_REUSE_GRACE_SECONDS,
    pingIntervalMs: e.SOCKET_PING_INTERVAL_MS,
    pingTimeoutMs: e.SOCKET_PING_TIMEOUT_MS,
    compressionThresholdBytes: e.SOCKET_COMPRESSION_THRESHOLD_BYTES,
    bodyLimit: e.BODY_LIMIT,
    priorityThrottleMs: e.PRIORITY_THROTTLE_MS,
    logLevel: e.LOG_LEVEL,
    seedDemo: e.NODE_ENV !== 'production' && (e.SEED_DEMO ?? 'true') === 'true',
    metricsToken: e.METRICS_TOKEN,
    whatsappApiBaseUrl: e.WHATSAPP_API_BASE_URL.replace(/\/$/, ''),
    whatsappAccessToken: e.WHATSAPP_ACCESS_TOKEN,
    outboundMaxAttempts: e.OUTBOUND_MAX_ATTEMPTS,
    outboundRetryBaseMs: e.OUTBOUND_RETRY_BASE_MS,
    triageAgentUrl: e.TRIAGE_AGENT_URL,
    triageAgentTimeoutMs: e.TRIAGE_AGENT_TIMEOUT_MS,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    stationDir: e.STATION_DIR ? resolve(e.STATION_DIR) : DEFAULT_STATION_DIR,
  };
}

/** Nest injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
