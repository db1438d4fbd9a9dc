import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { defaultManagedConfig, LOCKABLE_SETTINGS, mergeSettings } from '@plantao/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMachinePolicy } from './load-machine-policy';
import { loadManagedConfig, type ManagedConfigLoadResult } from './load-managed-config';
import { RegistryReadError, type RegistryReader, type RegistryValue } from './registry-reader';

const sz = (name: string, data: string): RegistryValue => ({ name, type: 'REG_SZ', data });
const dword = (name: string, data: number): RegistryValue => ({ name, type: 'REG_DWORD', data });
const POLICY = 'HKLM\\Software\\Policies\\Plantao';

/** A fake registry at the port: subkey path ('' = the policy key) → values; undefined = no policy key. */
function registry(keys: Record<string, RegistryValue[]> | undefined): RegistryReader {
  return {
    readTree: () =>
      Promise.resolve(keys && Object.entries(keys).map(([key, values]) => ({ path: key === '' ? [] : key.split('\\'), values }))),
  };
}
const unreadable: RegistryReader = {
  readTree: () => Promise.reject(new RegistryReadError('reg.exe could not read HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao: ERROR: x')),
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plantao-policy-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});
const file = (content: unknown): string => {
  const target = path.join(dir, 'config.json');
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  return target;
};
const missing = (): string => path.join(dir, 'absent.json');

function expectFailClosed(result: ManagedConfigLoadResult, serverUrl?: string): string {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.config)}`);
  expect(result.config).toEqual({ ...defaultManagedConfig(), locked: [...LOCKABLE_SETTINGS], ...(serverUrl ? { serverUrl } : {}) });
  return result.error;
}

describe('machine policy: file + Group Policy', () => {
  it('reads the registry through reg.exe on Windows only', async () => {
    const target = file({ locale: 'en' });
    // Linux, macOS: no registry, the file result as is.
    expect(await loadMachinePolicy({ path: target, platform: 'linux' })).toEqual(await loadManagedConfig({ path: target }));
    expect(await loadMachinePolicy({ path: target, platform: 'darwin' })).toEqual(await loadManagedConfig({ path: target }));
    // Windows: %SystemRoot%\System32\reg.exe; one that cannot run fails closed, it does not read as "no policy".
    const error = expectFailClosed(await loadMachinePolicy({ path: target, platform: 'win32', env: { SystemRoot: 'C:\\NoSuchWindows' } }));
    expect(error).toContain(`Group Policy (${POLICY}) could not be read (C:\\NoSuchWindows\\System32\\reg.exe could not be run (`);
  });

  it('gives the file result unchanged without a policy key, or with an empty one', async () => {
    const target = file({ serverUrl: 'https://a.example', locked: ['serverUrl'] });
    const alone = await loadManagedConfig({ path: target });
    expect(await loadMachinePolicy({ path: target, registry: registry(undefined) })).toEqual(alone);
    expect(await loadMachinePolicy({ path: target, registry: registry({ '': [], locked: [] }) })).toEqual(alone);
  });

  it('lets each key set by policy replace the same key of the file, objects whole', async () => {
    const target = file({
      serverUrl: 'https://old.hospital.example',
      locale: 'en',
      theme: 'dark',
      locked: ['privacyMode', 'locale'],
      alarm: { burstIntervalSeconds: 30 },
      updates: { enabled: true, url: 'https://updates.hospital.example' },
    });
    const result = await loadMachinePolicy({
      path: target,
      registry: registry({
        '': [sz('serverUrl', 'https://plantao.hospital.example'), dword('privacyMode', 0)],
        locked: [dword('serverUrl', 1), dword('privacyMode', 0)],
        updates: [dword('enabled', 0)],
      }),
    });
    expect(result).toMatchObject({ ok: true, path: `${target}; ${POLICY}`, source: 'explicit' });
    expect(result.config).toEqual({
      serverUrl: 'https://plantao.hospital.example', // policy
      privacyMode: false, // policy
      startAtLogin: true, // default (neither sets it)
      locale: 'en', // file
      theme: 'dark', // file
      locked: ['serverUrl'], // policy, replacing the file's list whole
      updates: { enabled: false }, // policy, replacing the file's object whole (its url is gone)
      alarm: { burstIntervalSeconds: 30 }, // file
    });
  });

  it('works with Group Policy alone (no file), as with the MSI properties SERVER_URL and PRIVACY_MODE', async () => {
    const result = await loadMachinePolicy({
      path: missing(),
      registry: registry({ '': [sz('serverUrl', 'https://plantao.hospital.example'), dword('privacyMode', 1)] }),
    });
    expect(result).toMatchObject({ ok: true, path: POLICY, config: { serverUrl: 'https://plantao.hospital.example', privacyMode: true } });
    expect(result.ok && result.missing).toBeFalsy();
    expect(mergeSettings(result.config, {}).serverUrl).toBe('https://plantao.hospital.example');
  });

  it('fails closed on an invalid policy value: everything locked, the policy named, user choices cannot unlock', async () => {
    const target = file({ serverUrl: 'https://a.example', privacyMode: false });
    const result = await loadMachinePolicy({ path: target, registry: registry({ '': [sz('privacyMode', 'no')] }) });
    const error = expectFailClosed(result, 'https://a.example');
    expect(error).toBe(
      `Group Policy (${POLICY}) is invalid: privacyMode: must be a REG_DWORD, 0 or 1 (found REG_SZ "no"). ` +
        'Plantão keeps every setting locked at its safe default until the policy is fixed.',
    );
    expect(result.path).toBe(`${target}; ${POLICY}`);
    expect(mergeSettings(result.config, { privacyMode: false, serverUrl: 'https://elsewhere.example' })).toMatchObject({
      privacyMode: true,
      serverUrl: 'https://a.example',
    });
  });

  it('reports schema errors of policy values like errors in the file (range, enum, URL, unknown name)', async () => {
    const cases: Array<[Record<string, RegistryValue[]>, RegExp]> = [
      [{ alarm: [dword('burstIntervalSeconds', 1)] }, /alarm\.burstIntervalSeconds: /],
      [{ '': [sz('locale', 'es')] }, /locale: /],
      [{ '': [sz('theme', 'blue')] }, /theme: /],
      [{ '': [sz('serverUrl', 'ftp://files.example')] }, /serverUrl: must be an http:\/\/ or https:\/\/ URL/],
      [{ updates: [dword('enabled', 1), sz('url', 'http://updates.example')] }, /updates\.url: must be an https:\/\/ URL/],
      [{ '': [sz('serverURL2', 'x')] }, /unknown key "serverURL2"/],
    ];
    for (const [keys, pattern] of cases) {
      const error = expectFailClosed(await loadMachinePolicy({ path: missing(), registry: registry(keys) }));
      expect(error, JSON.stringify(keys)).toMatch(pattern);
      expect(error).toContain(`Group Policy (${POLICY}) is invalid: `);
    }
  });

  it('refuses a policy that locks the server address when neither source sets one, and accepts the file’s', async () => {
    const lockServer = registry({ locked: [dword('serverUrl', 1)] });
    const error = expectFailClosed(await loadMachinePolicy({ path: file({ locale: 'en' }), registry: lockServer }));
    expect(error).toMatch(/locked: "serverUrl" is locked but no serverUrl is set/);
    const ok = await loadMachinePolicy({ path: file({ serverUrl: 'https://a.example' }), registry: lockServer });
    expect(ok).toMatchObject({ ok: true, config: { serverUrl: 'https://a.example', locked: ['serverUrl'] } });
  });

  it('takes the server of a failed policy from the source that decides that key', async () => {
    const target = file({ serverUrl: 'https://file.example' });
    // The policy sets a valid server but something else is wrong: its server is kept.
    const own = await loadMachinePolicy({
      path: target,
      registry: registry({ '': [sz('serverUrl', 'https://policy.example'), dword('startAtLogin', 7)] }),
    });
    expectFailClosed(own, 'https://policy.example');
    // The policy sets an invalid server: none (the station shows the error), not the file's.
    expectFailClosed(await loadMachinePolicy({ path: target, registry: registry({ '': [sz('serverUrl', 'http://plantao-server')] }) }));
    expectFailClosed(await loadMachinePolicy({ path: target, registry: registry({ '': [dword('serverUrl', 1)] }) }));
    // An empty text value is "not set": the file's server.
    expectFailClosed(
      await loadMachinePolicy({ path: target, registry: registry({ '': [sz('serverUrl', ''), dword('privacyMode', 3)] }) }),
      'https://file.example',
    );
    // The policy does not set the server: the file's.
    expectFailClosed(
      await loadMachinePolicy({ path: target, registry: registry({ alarm: [dword('burstIntervalSeconds', 999)] }) }),
      'https://file.example',
    );
  });

  it('fails closed when the registry cannot be read: whether IT set a policy is unknown', async () => {
    const target = file({ serverUrl: 'https://file.example', privacyMode: false });
    const error = expectFailClosed(await loadMachinePolicy({ path: target, registry: unreadable }), 'https://file.example');
    expect(error).toBe(
      `Group Policy (${POLICY}) could not be read (reg.exe could not read HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao: ERROR: x). ` +
        'Plantão keeps every setting locked at its safe default until the policy is fixed.',
    );
  });

  it('keeps a broken file failed closed whatever the policy says; the policy’s server decides that key', async () => {
    const broken = file('{ "serverUrl": "https://file.example", }');
    const valid = await loadMachinePolicy({
      path: broken,
      registry: registry({ '': [sz('serverUrl', 'https://policy.example')], locked: [dword('privacyMode', 0)] }),
    });
    expect(expectFailClosed(valid, 'https://policy.example')).toMatch(/Managed configuration file .* is not valid JSON/);

    const both = await loadMachinePolicy({ path: broken, registry: registry({ '': [dword('privacyMode', 5)] }) });
    const error = expectFailClosed(both);
    expect(error).toMatch(
      /^Group Policy .* is invalid: privacyMode: .* until the policy is fixed\. Managed configuration file .* is not valid JSON/,
    );
  });

  it('keeps the file’s notice (an ignored PLANTAO_MANAGED_CONFIG) when a policy applies', async () => {
    const fs = {
      readFile: (target: string) =>
        target === '/etc/plantao/config.json'
          ? Promise.resolve(Buffer.from('{"locale":"en"}'))
          : Promise.reject(new Error(`unexpected ${target}`)),
    };
    const result = await loadMachinePolicy({
      platform: 'linux',
      env: { PLANTAO_MANAGED_CONFIG: '/tmp/other.json' },
      fs,
      registry: registry({ '': [sz('theme', 'light')] }),
    });
    expect(result).toMatchObject({ ok: true, config: { locale: 'en', theme: 'light' } });
    expect(result.notice).toMatch(/PLANTAO_MANAGED_CONFIG/);
  });
});
