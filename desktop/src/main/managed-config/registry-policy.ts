import { LOCKABLE_SETTINGS } from '@plantao/shared';
import { type RegistryKeyValues, type RegistryReader, type RegistryValue } from './registry-reader';

/**
 * Group Policy for the station app: `HKLM\Software\Policies\Plantao`, mapped
 * onto the SAME keys as the managed configuration file, so a policy value goes
 * through the same schema (ManagedConfigSchema, in load-machine-policy.ts) and
 * fails closed the same way. The layout mirrors the JSON:
 *
 * | registry | type | JSON |
 * |---|---|---|
 * | `serverUrl`, `locale`, `theme` | REG_SZ | same key |
 * | `privacyMode`, `startAtLogin` | REG_DWORD 0 / 1 | same key, false / true |
 * | `locked\<setting>` | REG_DWORD 0 / 1 | `locked`: the settings set to 1 |
 * | `updates\enabled`, `updates\url` | REG_DWORD 0 / 1, REG_SZ | `updates` |
 * | `alarm\burstIntervalSeconds` | REG_DWORD | `alarm` |
 *
 * Names match case-insensitively, like the registry itself. An empty REG_SZ is
 * "not set" (Group Policy writes one for an empty optional text box). A name
 * that is not in this table is handed to the schema as is, so it is reported
 * as an unknown key with the same "did you mean" help as in the file.
 * desktop/build/policy/plantao.admx writes exactly these names (a test checks).
 */

export const POLICY_HIVE = 'HKLM';
export const POLICY_KEY = 'Software\\Policies\\Plantao';
/** How IT names it, in messages and the status shown in the app. */
export const POLICY_KEY_NAME = `${POLICY_HIVE}\\${POLICY_KEY}`;

type Kind = 'string' | 'boolean' | 'integer';

/** Values of the policy key itself. */
export const POLICY_VALUES: Readonly<Record<string, Kind>> = {
  serverUrl: 'string',
  privacyMode: 'boolean',
  startAtLogin: 'boolean',
  locale: 'string',
  theme: 'string',
};
/** Subkeys holding the managed config's objects. */
export const POLICY_OBJECTS: Readonly<Record<string, Readonly<Record<string, Kind>>>> = {
  updates: { enabled: 'boolean', url: 'string' },
  alarm: { burstIntervalSeconds: 'integer' },
};
/** Subkey with one REG_DWORD per lockable setting (1 = locked). */
export const POLICY_LOCKED_SUBKEY = 'locked';

/** What the registry sets, as managed-config input: only the keys it sets. */
export type PolicyInput = Record<string, unknown>;

export type RegistryPolicy =
  /** No policy key (or no registry: not Windows). */
  | { kind: 'none' }
  /** The registry could not be read: whether IT set a policy is unknown. */
  | { kind: 'unreadable'; problem: string }
  /**
   * `problems` are type errors found here; the schema checks the rest. `keys`:
   * the top-level keys the policy sets, including those whose value is invalid
   * (it still decides them: an invalid server address does not fall back to the file's).
   */
  | { kind: 'read'; input: PolicyInput; problems: string[]; keys: string[] };

function describe(value: RegistryValue): string {
  switch (value.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return `${value.type} "${value.data.slice(0, 60)}"`;
    case 'REG_DWORD':
    case 'REG_QWORD':
      return `${value.type} ${value.data}`;
    case 'REG_MULTI_SZ':
      return `REG_MULTI_SZ with ${value.data.length} string(s)`;
    default:
      return value.regType;
  }
}

/** The data as is, for a name the schema will reject anyway. */
function rawData(value: RegistryValue): unknown {
  return value.data;
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** `undefined` = not set; `{ problem }` = a type error naming the field. */
function convert(field: string, kind: Kind, value: RegistryValue): { value: unknown } | { problem: string } | undefined {
  switch (kind) {
    case 'string':
      if (value.type !== 'REG_SZ') return { problem: `${field}: must be a REG_SZ (found ${describe(value)})` };
      if (value.data.trim() === '') return undefined;
      if (!ASCII_PRINTABLE.test(value.data)) {
        // reg.exe prints in the console code page, which the app cannot know: refuse rather than guess.
        return { problem: `${field}: must be plain ASCII text (for a host name with accents, use its xn-- form)` };
      }
      return { value: value.data };
    case 'boolean':
      if (value.type !== 'REG_DWORD' || (value.data !== 0 && value.data !== 1)) {
        return { problem: `${field}: must be a REG_DWORD, 0 or 1 (found ${describe(value)})` };
      }
      return { value: value.data === 1 };
    case 'integer':
      if (value.type !== 'REG_DWORD') return { problem: `${field}: must be a REG_DWORD (found ${describe(value)})` };
      return { value: value.data };
  }
}

/** The known name matching `name` whatever its case, or undefined. */
function known(name: string, names: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  return names.find((candidate) => candidate.toLowerCase() === lower);
}

/** The registry's default value, which reg.exe names in the OS language: "(Default)", "(Padrão)". Never a policy. */
const isDefaultValue = (value: RegistryValue): boolean => /^\(.+\)$/.test(value.name);

function readObject(field: string, kinds: Readonly<Record<string, Kind>>, values: RegistryValue[], problems: string[]): PolicyInput {
  const object: PolicyInput = {};
  for (const value of values) {
    const name = known(value.name, Object.keys(kinds));
    if (name === undefined) {
      object[value.name] = rawData(value);
      continue;
    }
    const converted = convert(`${field}${name}`, kinds[name] as Kind, value);
    if (converted === undefined) continue;
    if ('problem' in converted) problems.push(converted.problem);
    else object[name] = converted.value;
  }
  return object;
}

function readLocked(values: RegistryValue[], problems: string[]): string[] {
  const locked: string[] = [];
  for (const value of values) {
    const setting = known(value.name, LOCKABLE_SETTINGS);
    const converted = convert(`locked.${setting ?? value.name}`, 'boolean', value);
    if (converted === undefined) continue;
    if ('problem' in converted) problems.push(converted.problem);
    // An unknown name goes to the schema, which names it ("locked[1]: Invalid option: expected one of …").
    else if (setting === undefined) locked.push(value.name);
    else if (converted.value === true) locked.push(setting);
  }
  return locked;
}

/** Maps the registry tree under the policy key onto managed-config input. */
export function policyInputOf(tree: readonly RegistryKeyValues[]): { input: PolicyInput; problems: string[]; keys: string[] } {
  const input: PolicyInput = {};
  const problems: string[] = [];
  const keys = new Set<string>();
  for (const { path, values: all } of tree) {
    const values = all.filter((value) => !isDefaultValue(value));
    if (values.length === 0) continue; // Group Policy leaves empty keys behind when a policy is removed.
    const [subkey, ...deeper] = path;
    if (subkey === undefined) {
      const subkeys = [POLICY_LOCKED_SUBKEY, ...Object.keys(POLICY_OBJECTS)];
      // One layout only: a REG_MULTI_SZ `locked` would look plausible, but `locked`, `updates` and `alarm` are keys.
      for (const name of values.map((value) => known(value.name, subkeys))) {
        if (name !== undefined) problems.push(`${name}: must be a key (${POLICY_KEY_NAME}\\${name}), not a value`);
      }
      const rest = values.filter((value) => known(value.name, subkeys) === undefined);
      for (const value of rest) {
        const unset = (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') && value.data.trim() === '';
        if (!unset) keys.add(known(value.name, Object.keys(POLICY_VALUES)) ?? value.name);
      }
      Object.assign(input, readObject('', POLICY_VALUES, rest, problems));
    } else if (deeper.length > 0) {
      problems.push(`${POLICY_KEY_NAME}\\${path.join('\\')}: unexpected key (Plantão policies are at most one key deep)`);
    } else if (subkey.toLowerCase() === POLICY_LOCKED_SUBKEY) {
      input.locked = readLocked(values, problems);
      keys.add(POLICY_LOCKED_SUBKEY);
    } else {
      const name = known(subkey, Object.keys(POLICY_OBJECTS));
      if (name === undefined) input[subkey] = Object.fromEntries(values.map((value) => [value.name, rawData(value)]));
      else input[name] = readObject(`${name}.`, POLICY_OBJECTS[name] ?? {}, values, problems);
      keys.add(name ?? subkey);
    }
  }
  return { input, problems, keys: [...keys] };
}

/** Reads and maps the policy. Never throws: a registry that cannot be read is `unreadable`. */
export async function readRegistryPolicy(registry: RegistryReader): Promise<RegistryPolicy> {
  let tree: RegistryKeyValues[] | undefined;
  try {
    tree = await registry.readTree(POLICY_HIVE, POLICY_KEY);
  } catch (error) {
    return { kind: 'unreadable', problem: error instanceof Error ? error.message : String(error) };
  }
  if (tree === undefined) return { kind: 'none' };
  return { kind: 'read', ...policyInputOf(tree) };
}
