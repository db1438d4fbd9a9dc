import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { parseRegQueryOutput, subkeyPath } from './reg-query-output';
import { type RegistryHive, type RegistryKeyValues, RegistryReadError, type RegistryReader } from './registry-reader';

/**
 * The Windows `RegistryReader`: `%SystemRoot%\System32\reg.exe query <key> /s
 * /reg:64`, run with execFile (no shell, so nothing in a path or key is ever
 * interpreted). Why reg.exe: Node has no registry API and no registry package
 * is installed in this workspace (the maintained ones, registry-js and
 * native-reg, are native addons needing a build per Electron ABI; winreg is
 * itself a reg.exe wrapper); reg.exe ships with every Windows and its output
 * format is stable (parsed in reg-query-output.ts).
 * `/reg:64` reads the 64-bit view whatever the bitness of the app.
 *
 * Limits, documented in desktop/docs/it-deployment.md:
 * - reg.exe obeys the user policy "Prevent access to registry editing tools"
 *   (it answers "ERROR: Registry editing has been disabled by your
 *   administrator." even to a query); the policy is then unreadable and the
 *   app fails closed with that message.
 * - reg.exe writes the console (OEM) code page, which the app cannot know:
 *   output is read byte for byte and the policy mapping refuses non-ASCII
 *   text instead of guessing.
 * - Like `%ProgramData%` for the file, `%SystemRoot%` comes from the
 *   environment; not a defence against a user who starts the app with a
 *   crafted environment.
 */

export interface CommandResult {
  exitCode: number;
  stdout: Buffer;
  stderr: Buffer;
}

/** Runs a program to completion; rejects when it could not run or finish (missing, timed out, too much output). */
export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandResult>;

export interface RegExeReaderOptions {
  /** Defaults to `process.env`; `SystemRoot` is read from here. */
  env?: NodeJS.ProcessEnv;
  /** The reg.exe to run (tests). Defaults to `%SystemRoot%\System32\reg.exe`. */
  command?: string;
  /** Defaults to execFile. */
  run?: RunCommand;
  timeoutMs?: number;
}

/** Used when %SystemRoot% is unset or not an absolute path. */
export const WINDOWS_SYSTEM_ROOT_FALLBACK = 'C:\\Windows';
/** A policy tree is a few hundred bytes; this bounds a surprise. */
const MAX_OUTPUT_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 10_000;

const HIVE_NAMES: Record<RegistryHive, string> = { HKLM: 'HKEY_LOCAL_MACHINE' };

export function regExePath(env: NodeJS.ProcessEnv = process.env): string {
  // Windows environment names are case-insensitive; a plain object is not.
  const name = Object.keys(env).find((candidate) => candidate.toLowerCase() === 'systemroot');
  const systemRoot = name === undefined ? undefined : env[name]?.trim();
  const base =
    systemRoot !== undefined && systemRoot !== '' && path.win32.isAbsolute(systemRoot) ? systemRoot : WINDOWS_SYSTEM_ROOT_FALLBACK;
  return path.win32.join(base, 'System32', 'reg.exe');
}

export function execFileCommand(timeoutMs = DEFAULT_TIMEOUT_MS): RunCommand {
  return (file, args) =>
    new Promise((resolve, reject) => {
      execFile(
        file,
        [...args],
        { encoding: 'buffer', windowsHide: true, timeout: timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, shell: false },
        (error, stdout, stderr) => {
          if (error === null) resolve({ exitCode: 0, stdout, stderr });
          // A number is the exit code of a program that ran; anything else (ENOENT, timeout, maxBuffer) means it did not finish.
          else if (typeof error.code === 'number') resolve({ exitCode: error.code, stdout, stderr });
          else reject(error);
        },
      );
    });
}

/**
 * reg.exe's text, byte for byte (latin1 keeps every byte as one character);
 * the policy mapping rejects what is not ASCII.
 */
const decode = (bytes: Buffer): string => bytes.toString('latin1');
/** For error messages: an OEM-encoded accent would show as a wrong letter, a `?` is honest. */
const readable = (bytes: Buffer): string =>
  decode(bytes)
    .replace(/[^\x20-\x7e\r\n]/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);

export function createRegExeReader(options: RegExeReaderOptions = {}): RegistryReader {
  const command = options.command ?? regExePath(options.env);
  const run = options.run ?? execFileCommand(options.timeoutMs);

  const query = async (args: string[]): Promise<CommandResult> => {
    try {
      return await run(command, args);
    } catch (error) {
      throw new RegistryReadError(`${command} could not be run (${error instanceof Error ? error.message : String(error)})`, {
        cause: error,
      });
    }
  };

  return {
    async readTree(hive, key): Promise<RegistryKeyValues[] | undefined> {
      const full = `${HIVE_NAMES[hive]}\\${key}`;
      const result = await query(['query', `${hive}\\${key}`, '/s', '/reg:64']);
      if (result.exitCode === 0) {
        return parseRegQueryOutput(decode(result.stdout)).map(({ key: printed, values }) => {
          const relative = subkeyPath(full, printed);
          if (relative === undefined) throw new RegistryReadError(`reg.exe listed "${printed}", which is not under ${full}`);
          return { path: relative, values };
        });
      }
      // Exit code 1 means "not found" and every other failure alike, in the OS language: ask the parent
      // whether the key exists, so that only a genuinely absent key reads as "no policy".
      const why = readable(result.stderr) || `exit code ${result.exitCode}`;
      const parent = key.slice(0, Math.max(0, key.lastIndexOf('\\')));
      const probe = await query(['query', `${hive}\\${parent}`, '/reg:64']);
      if (probe.exitCode !== 0) throw new RegistryReadError(`reg.exe could not read ${full}: ${why}`);
      const exists = parseRegQueryOutput(decode(probe.stdout)).some(({ key: printed }) => subkeyPath(full, printed)?.length === 0);
      if (exists) throw new RegistryReadError(`reg.exe could not read ${full}: ${why}`);
      return undefined;
    },
  };
}
