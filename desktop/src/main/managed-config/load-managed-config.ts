import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import {
  defaultManagedConfig,
  describeManagedConfigError,
  HttpUrlSchema,
  LOCKABLE_SETTINGS,
  ManagedConfigSchema,
  type ManagedConfig,
} from '@plantao/shared';
import { MANAGED_CONFIG_ENV_VAR, managedConfigOverridePath, managedConfigPath } from './managed-config-path';

/**
 * Loads the machine-wide managed configuration. Pure Node (no `electron`
 * import) and never throws: a missing file means defaults; an unreadable or
 * invalid file gives `ok: false` with a human-readable `error` (naming the file
 * and the failing field) and a fail-closed `config`, so the caller can log it,
 * show it to the user and keep running without unlocking anything IT meant to
 * lock: every lockable setting locked at its safe default, and the server URL
 * only if the file names a valid one (else none: the station shows the error).
 *
 * The file is stat-ed before it is opened: a FIFO, device or directory is
 * refused without reading, and so is a file over `MAX_MANAGED_CONFIG_BYTES`,
 * so a mistake (or a trap) in that path cannot hang or exhaust start-up.
 */

/** A real config is a few hundred bytes. */
export const MAX_MANAGED_CONFIG_BYTES = 1024 * 1024;

/** The slice of `fs` the loader uses; tests inject their own. */
export interface ManagedConfigFs {
  readFile(path: string): Promise<Uint8Array>;
}

export interface LoadManagedConfigOptions {
  /** Read exactly this file (tests). Disables the environment override. */
  path?: string;
  /** Defaults to `process.platform`. */
  platform?: NodeJS.Platform;
  /** Defaults to `process.env`; `PLANTAO_MANAGED_CONFIG` is read from here. */
  env?: NodeJS.ProcessEnv;
  /** Base for a relative `PLANTAO_MANAGED_CONFIG`. Defaults to `process.cwd()`. */
  cwd?: string;
  fs?: ManagedConfigFs;
}

/**
 * - `explicit`: the `path` option.
 * - `environment`: `PLANTAO_MANAGED_CONFIG`, honoured only when the machine-wide file does
 *   not exist (so a per-user variable cannot override IT's policy); the file it names must exist.
 * - `machine`: the per-platform machine-wide location.
 */
export type ManagedConfigSource = 'explicit' | 'environment' | 'machine';

interface LoadBase {
  /** The file that was (or would have been) read. */
  path: string;
  source: ManagedConfigSource;
  /** Worth logging, not an error: e.g. an ignored `PLANTAO_MANAGED_CONFIG`. */
  notice?: string;
}

export type ManagedConfigLoadResult =
  | (LoadBase & { ok: true; config: ManagedConfig; missing?: false })
  | (LoadBase & { ok: true; config: ManagedConfig; missing: true })
  | (LoadBase & { ok: false; error: string; /** Fail-closed: everything locked (`failClosedManagedConfig`). */ config: ManagedConfig });

/** An error with an errno-style `code`, mapped to a problem by `readConfigFile`. */
function fileError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Reads a regular file of at most `MAX_MANAGED_CONFIG_BYTES`, never blocking on a FIFO or device. */
export async function readBoundedRegularFile(file: string, maxBytes = MAX_MANAGED_CONFIG_BYTES): Promise<Uint8Array> {
  const check = (info: { isFile(): boolean; isDirectory(): boolean; size: number }): void => {
    if (info.isDirectory()) throw fileError('EISDIR', 'is a directory');
    if (!info.isFile()) throw fileError('ENOTREGULAR', 'not a regular file');
    if (info.size > maxBytes) throw fileError('EFBIG', `${info.size} bytes`);
  };
  check(await stat(file));
  // O_NONBLOCK: should the path become a FIFO between stat and open, opening it does not wait for a writer.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    check(await handle.stat());
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw fileError('EFBIG', `over ${maxBytes} bytes`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

const defaultFs: ManagedConfigFs = { readFile: (file) => readBoundedRegularFile(file) };

type ReadOutcome = { kind: 'missing' } | { kind: 'read'; bytes: Uint8Array } | { kind: 'failed'; problem: string };

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readConfigFile(fs: ManagedConfigFs, file: string): Promise<ReadOutcome> {
  try {
    return { kind: 'read', bytes: await fs.readFile(file) };
  } catch (error) {
    switch (errorCode(error)) {
      case 'ENOENT':
        return { kind: 'missing' };
      case 'EACCES':
      case 'EPERM':
        return { kind: 'failed', problem: 'cannot be read (permission denied)' };
      case 'EISDIR':
        return { kind: 'failed', problem: 'is a directory, not a file' };
      case 'ENOTREGULAR':
        return { kind: 'failed', problem: 'is not a regular file (a pipe, device or socket); it was not read' };
      case 'EFBIG':
        return { kind: 'failed', problem: `is larger than ${MAX_MANAGED_CONFIG_BYTES / 1024} KiB; it was not read` };
      default:
        return { kind: 'failed', problem: `cannot be read (${errorMessage(error)})` };
    }
  }
}

/**
 * UTF-8 (with or without BOM) is the format; UTF-16 LE with BOM is accepted too
 * because Windows PowerShell 5 writes it by default (`Out-File`, `>`).
 */
function decode(bytes: Uint8Array): { text: string } | { problem: string } {
  const [b0, b1, b2] = bytes;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) bytes = bytes.subarray(3);
  else if (b0 === 0xff && b1 === 0xfe) return { text: Buffer.from(bytes.subarray(2)).toString('utf16le') };
  else if (b0 === 0xfe && b1 === 0xff) return { problem: 'is UTF-16 big-endian; save it as UTF-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { problem: 'is not valid UTF-8 (saved as ANSI/Windows-1252?); save it as UTF-8' };
  }
}

/** V8 reports "at position N"; people editing the file think in lines and columns. */
function withLineAndColumn(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined || /\(line \d+ column \d+\)/.test(message)) return message;
  const before = text.slice(0, Number(position)).split('\n');
  return `${message}; line ${before.length} column ${(before.at(-1)?.length ?? 0) + 1}`;
}

type Parsed =
  { config: ManagedConfig } | { problem: string; /** A valid `serverUrl` found in an otherwise invalid file. */ serverUrl?: string };

function parse(bytes: Uint8Array): Parsed {
  const decoded = decode(bytes);
  if ('problem' in decoded) return decoded;
  if (decoded.text.trim() === '') return { problem: 'is empty' };
  let json: unknown;
  try {
    json = JSON.parse(decoded.text);
  } catch (error) {
    return { problem: `is not valid JSON (${withLineAndColumn(errorMessage(error), decoded.text)})` };
  }
  const result = ManagedConfigSchema.safeParse(json);
  if (!result.success) {
    const candidate = typeof json === 'object' && json !== null ? (json as { serverUrl?: unknown }).serverUrl : undefined;
    const serverUrl = HttpUrlSchema.safeParse(candidate);
    return {
      problem: `is invalid: ${describeManagedConfigError(result.error)}`,
      ...(serverUrl.success ? { serverUrl: serverUrl.data } : {}),
    };
  }
  return { config: result.data };
}

/**
 * What a station runs with while IT's file is broken: nothing IT may have
 * locked becomes editable. Every lockable setting is locked at its default
 * (privacy on, start at login on, updates off); the server is the file's own
 * `serverUrl` if that part is valid, otherwise none (the station cannot
 * connect and shows the managed-config error).
 */
export function failClosedManagedConfig(serverUrl?: string): ManagedConfig {
  return { ...defaultManagedConfig(), locked: [...LOCKABLE_SETTINGS], ...(serverUrl !== undefined ? { serverUrl } : {}) };
}

function failure(base: LoadBase, problem: string, serverUrl?: string): ManagedConfigLoadResult {
  return {
    ...base,
    ok: false,
    config: failClosedManagedConfig(serverUrl),
    error:
      `Managed configuration file "${base.path}" ${problem}. ` +
      'Plantão keeps every setting locked at its safe default until the file is fixed.',
  };
}

async function load(options: LoadManagedConfigOptions): Promise<ManagedConfigLoadResult> {
  const fs = options.fs ?? defaultFs;
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;

  let base: LoadBase;
  let outcome: ReadOutcome;
  if (options.path !== undefined) {
    base = { path: options.path, source: 'explicit' };
    outcome = await readConfigFile(fs, base.path);
  } else {
    const machinePath = managedConfigPath(platform, env);
    const overridePath = managedConfigOverridePath(platform, env, options.cwd ?? process.cwd());
    base = { path: machinePath, source: 'machine' };
    outcome = await readConfigFile(fs, machinePath);
    if (overridePath !== undefined) {
      if (outcome.kind === 'missing') {
        base = { path: overridePath, source: 'environment' };
        outcome = await readConfigFile(fs, overridePath);
      } else {
        // A per-user environment variable must not let a user escape IT's policy.
        base.notice = `${MANAGED_CONFIG_ENV_VAR} (${overridePath}) is ignored because the machine-wide file "${machinePath}" exists.`;
      }
    }
  }

  if (outcome.kind === 'missing') {
    // Someone deliberately pointed at this file: a typo in the path must not look like "no policy".
    if (base.source === 'environment') return failure(base, `does not exist (named by ${MANAGED_CONFIG_ENV_VAR})`);
    return { ...base, ok: true, missing: true, config: defaultManagedConfig() };
  }
  if (outcome.kind === 'failed') return failure(base, outcome.problem);
  const parsed = parse(outcome.bytes);
  if ('problem' in parsed) return failure(base, parsed.problem, 'serverUrl' in parsed ? parsed.serverUrl : undefined);
  return { ...base, ok: true, config: parsed.config };
}

export async function loadManagedConfig(options: LoadManagedConfigOptions = {}): Promise<ManagedConfigLoadResult> {
  try {
    return await load(options);
  } catch (error) {
    // Should be unreachable; kept so that a bug here can never stop the station from starting.
    const path = options.path ?? '(managed configuration)';
    return failure({ path, source: options.path !== undefined ? 'explicit' : 'machine' }, `could not be loaded (${errorMessage(error)})`);
  }
}
