import { describeManagedConfigError, HttpUrlSchema, ManagedConfigSchema } from '@plantao/shared';
import {
  failClosedManagedConfig,
  loadManagedConfig,
  type LoadManagedConfigOptions,
  type ManagedConfigLoadResult,
} from './load-managed-config';
import { createRegExeReader } from './reg-exe-reader';
import { noRegistry, type RegistryReader } from './registry-reader';
import { POLICY_KEY_NAME, readRegistryPolicy, type RegistryPolicy } from './registry-policy';

/**
 * IT's whole machine policy: the managed configuration file plus, on Windows,
 * Group Policy (`HKLM\Software\Policies\Plantao`, also written by the MSI's
 * SERVER_URL / PRIVACY_MODE properties).
 *
 * Precedence is per key of the managed configuration: a key the registry sets
 * replaces that key of the file; an object key (`updates`, `alarm`, `locked`)
 * is replaced whole, not merged. Group Policy wins because it is the tool
 * Windows fleets manage centrally and re-apply, and a local file that
 * silently beat a domain policy would be the surprise IT least expects.
 *
 * Fails closed exactly like the file alone (failClosedManagedConfig): a policy
 * that is invalid, or a registry that cannot be read, locks every setting at
 * its safe default; the server URL is then the one from whichever source
 * decides that key (the registry if it sets one), if it is valid. Never throws.
 */

export interface LoadMachinePolicyOptions extends LoadManagedConfigOptions {
  /** Defaults to reg.exe on Windows, to no registry elsewhere. */
  registry?: RegistryReader;
}

const LOCKED_UNTIL_FIXED = 'Plantão keeps every setting locked at its safe default until';

/** Where the configuration came from, for the status IT sees: the policy key, and the file if there is one. */
const sources = (file: ManagedConfigLoadResult): string =>
  file.ok && file.missing === true ? POLICY_KEY_NAME : `${file.path}; ${POLICY_KEY_NAME}`;

function policyFailure(file: ManagedConfigLoadResult, problem: string, serverUrl: string | undefined): ManagedConfigLoadResult {
  const fileError = file.ok ? '' : ` ${file.error}`;
  return {
    path: sources(file),
    source: file.source,
    ...(file.notice !== undefined ? { notice: file.notice } : {}),
    ok: false,
    config: failClosedManagedConfig(serverUrl),
    error: `Group Policy (${POLICY_KEY_NAME}) ${problem}. ${LOCKED_UNTIL_FIXED} the policy is fixed.${fileError}`,
  };
}

/** The registry's server URL if it sets one (valid or not: it decides that key), else the file's. */
function serverUrlFor(file: ManagedConfigLoadResult, input: Record<string, unknown>, keys: readonly string[]): string | undefined {
  if (!keys.includes('serverUrl')) return file.config.serverUrl;
  const parsed = HttpUrlSchema.safeParse(input.serverUrl);
  return parsed.success ? parsed.data : undefined;
}

export function combineMachinePolicy(file: ManagedConfigLoadResult, policy: RegistryPolicy): ManagedConfigLoadResult {
  if (policy.kind === 'none') return file;
  if (policy.kind === 'unreadable') return policyFailure(file, `could not be read (${policy.problem})`, file.config.serverUrl);
  const { input, problems, keys } = policy;
  if (Object.keys(input).length === 0 && problems.length === 0) return file;

  const serverUrl = serverUrlFor(file, input, keys);
  if (!file.ok) {
    // The file already failed closed: nothing from the policy may unlock a setting; its server decides as usual.
    if (problems.length > 0) return policyFailure(file, `is invalid: ${problems.join('; ')}`, serverUrl);
    return { ...file, config: failClosedManagedConfig(serverUrl) };
  }

  const merged = ManagedConfigSchema.safeParse({ ...file.config, ...input });
  if (!merged.success || problems.length > 0) {
    const all = [...problems, ...(merged.success ? [] : [describeManagedConfigError(merged.error)])];
    return policyFailure(file, `is invalid: ${all.join('; ')}`, serverUrl);
  }
  return {
    path: sources(file),
    source: file.source,
    ...(file.notice !== undefined ? { notice: file.notice } : {}),
    ok: true,
    config: merged.data,
  };
}

export async function loadMachinePolicy(options: LoadMachinePolicyOptions = {}): Promise<ManagedConfigLoadResult> {
  const platform = options.platform ?? process.platform;
  const registry =
    options.registry ?? (platform === 'win32' ? createRegExeReader({ ...(options.env ? { env: options.env } : {}) }) : noRegistry);
  const [file, policy] = await Promise.all([loadManagedConfig(options), readRegistryPolicy(registry)]);
  return combineMachinePolicy(file, policy);
}
