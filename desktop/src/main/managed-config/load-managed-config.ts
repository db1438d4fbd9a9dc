import { readFile } from 'node:fs/promises';
import { defaultManagedConfig, describeManagedConfigError, ManagedConfigSchema, type ManagedConfig } from '@plantao/shared';
import { MANAGED_CONFIG_ENV_VAR, managedConfigOverridePath, managedConfigPath } from './managed-config-path';

/**
 * Loads the machine-wide managed configuration. Pure Node (no `electron`
 * import) and never throws: a missing file means defaults; an unreadable or
 * invalid file gives `ok: false` with a human-readable `error` (naming the file
 * and the failing field) and the defaults in `config`, so the caller can log
 * it, show it to the user and keep running.
 */

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
  | (LoadBase & { ok: false; error: string; /** The built-in defaults, to keep running with. */ config: ManagedConfig });

const defaultFs: ManagedConfigFs = { readFile: (file) => readFile(file) };

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

function parse(bytes: Uint8Array): { config: ManagedConfig } | { problem: string } {
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
  if (!result.success) return { problem: `is invalid: ${describeManagedConfigError(result.error)}` };
  return { config: result.data };
}

function failure(base: LoadBase, problem: string): ManagedConfigLoadResult {
  return {
    ...base,
    ok: false,
    config: defaultManagedConfig(),
    error: `Managed configuration file "${base.path}" ${problem}. Plantão is using its built-in defaults until the file is fixed.`,
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
  if ('problem' in parsed) return failure(base, parsed.problem);
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
