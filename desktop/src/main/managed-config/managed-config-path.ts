import * as path from 'node:path';

/**
 * Where IT puts the machine-wide managed configuration. Pure Node (no
 * `electron` import) so it runs in unit tests on any OS.
 */

/** Points the app at another file, for IT to try a configuration (see load-managed-config.ts). */
export const MANAGED_CONFIG_ENV_VAR = 'PLANTAO_MANAGED_CONFIG';

/** Used when %ProgramData% is unset or not an absolute path. */
export const WINDOWS_PROGRAM_DATA_FALLBACK = 'C:\\ProgramData';

export const MANAGED_CONFIG_DIR_NAME = { windows: 'Plantao', linux: 'plantao', mac: 'Plantao' } as const;
export const MANAGED_CONFIG_FILE_NAME = 'config.json';

/** Environment lookup that is case-insensitive like Windows itself (a plain object is not). */
function getEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const direct = env[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  const key = Object.keys(env).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : env[key];
}

/**
 * - Windows: `%ProgramData%\Plantao\config.json` (fallback `C:\ProgramData`)
 * - macOS: `/Library/Application Support/Plantao/config.json`
 * - Linux and other Unix: `/etc/plantao/config.json`
 */
export function managedConfigPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') {
    const programData = getEnv(env, 'ProgramData')?.trim();
    const base =
      programData !== undefined && programData !== '' && path.win32.isAbsolute(programData) ? programData : WINDOWS_PROGRAM_DATA_FALLBACK;
    return path.win32.join(base, MANAGED_CONFIG_DIR_NAME.windows, MANAGED_CONFIG_FILE_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join('/Library/Application Support', MANAGED_CONFIG_DIR_NAME.mac, MANAGED_CONFIG_FILE_NAME);
  }
  return path.posix.join('/etc', MANAGED_CONFIG_DIR_NAME.linux, MANAGED_CONFIG_FILE_NAME);
}

/** The `PLANTAO_MANAGED_CONFIG` value as an absolute path for `platform`, or undefined when unset/blank. */
export function managedConfigOverridePath(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string | undefined {
  const raw = (platform === 'win32' ? getEnv(env, MANAGED_CONFIG_ENV_VAR) : env[MANAGED_CONFIG_ENV_VAR])?.trim();
  if (raw === undefined || raw === '') return undefined;
  const flavour = platform === 'win32' ? path.win32 : path.posix;
  return flavour.resolve(cwd, raw);
}
