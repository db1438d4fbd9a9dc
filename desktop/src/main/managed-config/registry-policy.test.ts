import {
  AlarmSettingsSchema,
  describeManagedConfigError,
  LOCKABLE_SETTINGS,
  ManagedConfigSchema,
  UpdatesConfigSchema,
} from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { RegistryReadError, type RegistryKeyValues, type RegistryReader, type RegistryValue } from './registry-reader';
import { POLICY_KEY, POLICY_LOCKED_SUBKEY, POLICY_OBJECTS, POLICY_VALUES, policyInputOf, readRegistryPolicy } from './registry-policy';

const sz = (name: string, data: string): RegistryValue => ({ name, type: 'REG_SZ', data });
const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });

/** A fake registry at the port: keys by path below HKLM, as the reg.exe reader would return them. */
function fakeRegistry(keys: Record<string, RegistryValue[]> | undefined): RegistryReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readTree(hive, key) {
      reads.push(`${hive}\\${key}`);
      if (keys === undefined) return Promise.resolve(undefined);
      const tree: RegistryKeyValues[] = Object.entries(keys).map(([relative, values]) => ({
        path: relative === '' ? [] : relative.split('\\'),
        values,
      }));
      return Promise.resolve(tree);
    },
  };
}

describe('registry policy mapping', () => {
  it('maps every policy value onto the managed-config keys', async () => {
    const registry = fakeRegistry({
      '': [
        sz('serverUrl', 'https://plantao.hospital.example.br'),
        dword('privacyMode', 0),
        dword('startAtLogin', 1),
        sz('locale', 'en'),
        sz('theme', 'dark'),
      ],
      locked: [dword('serverUrl', 1), dword('privacyMode', 0), dword('alarm', 1)],
      updates: [dword('enabled', 1), sz('url', 'https://updates.hospital.example.br/plantao')],
      alarm: [dword('burstIntervalSeconds', 45)],
    });
    const policy = await readRegistryPolicy(registry);
    expect(registry.reads).toEqual([`HKLM\\${POLICY_KEY}`]);
    expect(policy).toEqual({
      kind: 'read',
      problems: [],
      keys: ['serverUrl', 'privacyMode', 'startAtLogin', 'locale', 'theme', 'locked', 'updates', 'alarm'],
      input: {
        serverUrl: 'https://plantao.hospital.example.br',
        privacyMode: false,
        startAtLogin: true,
        locale: 'en',
        theme: 'dark',
        locked: ['serverUrl', 'alarm'],
        updates: { enabled: true, url: 'https://updates.hospital.example.br/plantao' },
        alarm: { burstIntervalSeconds: 45 },
      },
    });
    if (policy.kind !== 'read') throw new Error('unreachable');
    expect(ManagedConfigSchema.safeParse(policy.input).success).toBe(true);
  });

  it('matches names case-insensitively, like the registry, and reports them with the JSON spelling', () => {
    const { input, problems } = policyInputOf([
      { path: [], values: [sz('SERVERURL', 'https://a.example'), dword('PrivacyMode', 1)] },
      { path: ['Locked'], values: [dword('ServerUrl', 1)] },
      { path: ['UPDATES'], values: [dword('Enabled', 0)] },
    ]);
    expect(problems).toEqual([]);
    expect(input).toEqual({ serverUrl: 'https://a.example', privacyMode: true, locked: ['serverUrl'], updates: { enabled: false } });
  });

  it('names the field, the expected type and what was found for a value of the wrong type', () => {
    const { problems } = policyInputOf([
      {
        path: [],
        values: [
          sz('privacyMode', '1'),
          dword('startAtLogin', 2),
          dword('serverUrl', 1),
          { name: 'locale', type: 'REG_EXPAND_SZ', data: 'en' },
        ],
      },
      { path: ['locked'], values: [sz('theme', 'yes')] },
      { path: ['alarm'], values: [sz('burstIntervalSeconds', '30')] },
      { path: ['updates'], values: [{ name: 'enabled', type: 'other', regType: 'REG_BINARY', data: '01' }] },
    ]);
    expect(problems).toEqual([
      'privacyMode: must be a REG_DWORD, 0 or 1 (found REG_SZ "1")',
      'startAtLogin: must be a REG_DWORD, 0 or 1 (found REG_DWORD 2)',
      'serverUrl: must be a REG_SZ (found REG_DWORD 1)',
      'locale: must be a REG_SZ (found REG_EXPAND_SZ "en")',
      'locked.theme: must be a REG_DWORD, 0 or 1 (found REG_SZ "yes")',
      'alarm.burstIntervalSeconds: must be a REG_DWORD (found REG_SZ "30")',
      'updates.enabled: must be a REG_DWORD, 0 or 1 (found REG_BINARY)',
    ]);
  });

  it('treats an empty REG_SZ as not set (Group Policy writes one for an empty optional text box)', () => {
    const { input, problems } = policyInputOf([
      { path: [], values: [sz('serverUrl', '  ')] },
      { path: ['updates'], values: [dword('enabled', 1), sz('url', '')] },
    ]);
    expect(problems).toEqual([]);
    expect(input).toEqual({ updates: { enabled: true } });
  });

  it('refuses text that is not plain ASCII rather than guess the console code page', () => {
    // "https://plantão.example" as reg.exe prints it in code page 850, read byte for byte.
    const { input, problems } = policyInputOf([{ path: [], values: [sz('serverUrl', 'https://plant\u00c6o.example')] }]);
    expect(input).toEqual({});
    expect(problems).toEqual(['serverUrl: must be plain ASCII text (for a host name with accents, use its xn-- form)']);
  });

  it('hands unknown names to the schema, which reports them like typos in the file', () => {
    const { input, problems } = policyInputOf([
      { path: [], values: [sz('serverURI', 'https://a.example')] },
      { path: ['locked'], values: [dword('updates', 1)] },
      { path: ['update'], values: [dword('enabled', 1)] },
      { path: ['alarm'], values: [dword('interval', 10)] },
    ]);
    expect(problems).toEqual([]);
    const parsed = ManagedConfigSchema.safeParse(input);
    if (parsed.success) throw new Error('unknown names must not pass');
    expect(describeManagedConfigError(parsed.error).split('; ')).toEqual([
      'locked[0]: Invalid option: expected one of "serverUrl"|"privacyMode"|"startAtLogin"|"locale"|"theme"|"alarm"',
      'alarm: unknown key "interval" (allowed keys: burstIntervalSeconds)',
      '(top level): unknown key "serverURI" (did you mean "serverUrl"?)',
      '(top level): unknown key "update" (did you mean "updates"?)',
    ]);
  });

  it('refuses `locked`, `updates` or `alarm` written as a value of the policy key instead of a key', () => {
    const { input, problems } = policyInputOf([
      { path: [], values: [{ name: 'Locked', type: 'REG_MULTI_SZ', data: ['serverUrl'] }, dword('alarm', 30), sz('theme', 'dark')] },
    ]);
    expect(input).toEqual({ theme: 'dark' });
    expect(problems).toEqual([
      'locked: must be a key (HKLM\\Software\\Policies\\Plantao\\locked), not a value',
      'alarm: must be a key (HKLM\\Software\\Policies\\Plantao\\alarm), not a value',
    ]);
  });

  it('ignores the default value and keys without values; refuses keys two levels deep', () => {
    const { input, problems } = policyInputOf([
      { path: [], values: [sz('(Default)', 'whatever'), sz('(Padrão)', 'x')] },
      { path: ['locked'], values: [] },
      { path: ['updates'], values: [] },
      { path: ['updates', 'beta'], values: [dword('enabled', 1)] },
      { path: ['alarm', 'empty'], values: [] },
    ]);
    expect(input).toEqual({});
    expect(problems).toEqual([
      'HKLM\\Software\\Policies\\Plantao\\updates\\beta: unexpected key (Plantão policies are at most one key deep)',
    ]);
  });

  it('is "none" without a policy key and "unreadable", never a throw, when the registry cannot be read', async () => {
    expect(await readRegistryPolicy(fakeRegistry(undefined))).toEqual({ kind: 'none' });
    const broken: RegistryReader = { readTree: () => Promise.reject(new RegistryReadError('reg.exe could not be run (ENOENT)')) };
    expect(await readRegistryPolicy(broken)).toEqual({ kind: 'unreadable', problem: 'reg.exe could not be run (ENOENT)' });
    const hostile: RegistryReader = {
      readTree: () => {
        throw 'not even an Error';
      },
    };
    expect(await readRegistryPolicy(hostile)).toEqual({ kind: 'unreadable', problem: 'not even an Error' });
  });

  it('covers exactly the keys of the managed configuration (a new key must get a registry name too)', () => {
    const topLevel = [...Object.keys(POLICY_VALUES), ...Object.keys(POLICY_OBJECTS), POLICY_LOCKED_SUBKEY].sort();
    expect(topLevel).toEqual(Object.keys(ManagedConfigSchema.shape).sort());
    expect(Object.keys(POLICY_OBJECTS.updates ?? {}).sort()).toEqual(Object.keys(UpdatesConfigSchema.shape).sort());
    expect(Object.keys(POLICY_OBJECTS.alarm ?? {}).sort()).toEqual(Object.keys(AlarmSettingsSchema.shape).sort());
    // Every lockable setting can be locked through the registry.
    const { input } = policyInputOf([{ path: ['locked'], values: LOCKABLE_SETTINGS.map((setting) => dword(setting, 1)) }]);
    expect(input.locked).toEqual([...LOCKABLE_SETTINGS]);
  });
});
