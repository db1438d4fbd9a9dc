import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  defaultManagedConfig,
  isSettingLocked,
  LOCKABLE_SETTINGS,
  type ManagedConfig,
  ManagedConfigSchema,
  mergeSettings,
  UserSettingsSchema,
} from '@plantao/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  failClosedManagedConfig,
  loadManagedConfig,
  MANAGED_CONFIG_ENV_VAR,
  type ManagedConfigFs,
  type ManagedConfigLoadResult,
  managedConfigOverridePath,
  managedConfigPath,
} from '../src/main/managed-config';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plantao-managed-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Uint8Array): string {
  const target = path.join(dir, name);
  writeFileSync(target, content);
  return target;
}
const json = (name: string, value: unknown): string => file(name, JSON.stringify(value, null, 2));

function expectFailure(result: ManagedConfigLoadResult): string {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('unreachable');
  // The caller keeps running, fail-closed: everything locked at the defaults, only a valid serverUrl from the file.
  const { serverUrl, ...rest } = result.config;
  expect(rest).toEqual({ ...defaultManagedConfig(), locked: LOCKABLE_SETTINGS });
  expect(result.config).toEqual(failClosedManagedConfig(serverUrl));
  expect(result.error).toMatch(/keeps every setting locked/);
  expect(result.error).toContain(`"${result.path}"`);
  return result.error;
}

const DEFAULTS: ManagedConfig = {
  locked: [],
  privacyMode: true,
  startAtLogin: true,
  locale: 'pt-BR',
  theme: 'system',
  updates: { enabled: false },
};

describe('defaults', () => {
  it('are privacy on, start at login on, pt-BR, updates off, nothing locked, no server', () => {
    expect(defaultManagedConfig()).toEqual(DEFAULTS);
  });

  it('are a fresh object each time', () => {
    const first = defaultManagedConfig();
    first.locked.push('locale');
    expect(defaultManagedConfig().locked).toEqual([]);
  });
});

describe('loadManagedConfig', () => {
  it('treats a missing file as the defaults', async () => {
    const target = path.join(dir, 'nope', 'config.json');
    const result = await loadManagedConfig({ path: target });
    expect(result).toEqual({ ok: true, missing: true, path: target, source: 'explicit', config: DEFAULTS });
  });

  it('parses a valid file and fills in defaults for absent keys', async () => {
    const target = json('config.json', {
      serverUrl: 'https://plantao.hospital.example.br',
      locked: ['serverUrl', 'privacyMode'],
      privacyMode: false,
      updates: { enabled: true, url: 'https://updates.hospital.example.br/plantao' },
      alarm: { burstIntervalSeconds: 20 },
    });
    const result = await loadManagedConfig({ path: target });
    expect(result).toEqual({
      ok: true,
      path: target,
      source: 'explicit',
      config: {
        serverUrl: 'https://plantao.hospital.example.br',
        locked: ['serverUrl', 'privacyMode'],
        privacyMode: false,
        startAtLogin: true,
        locale: 'pt-BR',
        theme: 'system',
        updates: { enabled: true, url: 'https://updates.hospital.example.br/plantao' },
        alarm: { burstIntervalSeconds: 20 },
      },
    });
  });

  it('accepts intranet servers over https: IP addresses, single-label hosts; http only on this machine', async () => {
    const accepted = ['https://10.20.0.5:3000', 'https://plantao-server', 'https://plantao.local/api'];
    for (const serverUrl of [...accepted, 'http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
      const result = await loadManagedConfig({ path: json('config.json', { serverUrl }) });
      expect(result.ok, serverUrl).toBe(true);
    }
  });

  // Changed by issue #8: plain http to an intranet server used to be accepted; passwords and refresh tokens must not cross the network in clear.
  it('refuses http:// outside localhost, for the server and the update feed', async () => {
    for (const content of [
      { serverUrl: 'http://10.20.0.5:3000' },
      { serverUrl: 'http://plantao-server' },
      { updates: { enabled: true, url: 'http://updates.hospital.example' } },
    ]) {
      const error = expectFailure(await loadManagedConfig({ path: json('config.json', content) }));
      expect(error, JSON.stringify(content)).toMatch(/must be an https:\/\/ URL \(http:\/\/ is only allowed for localhost/);
    }
  });

  it('fails closed on an invalid file: everything locked, the valid serverUrl kept, no other value from the file', async () => {
    const target = json('config.json', { serverUrl: 'https://plantao.hospital.example', privacyMode: 'no', locale: 'en' });
    const result = await loadManagedConfig({ path: target });
    expectFailure(result);
    expect(result.config).toEqual({ ...DEFAULTS, serverUrl: 'https://plantao.hospital.example', locked: LOCKABLE_SETTINGS });
    // The user's own choices cannot unlock anything.
    const effective = mergeSettings(result.config, { serverUrl: 'https://elsewhere.example', privacyMode: false, locale: 'en' });
    expect(effective).toMatchObject({ serverUrl: 'https://plantao.hospital.example', privacyMode: true, locale: 'pt-BR' });

    const noServer = await loadManagedConfig({ path: json('config.json', { serverUrl: 'http://plantao-server', locked: ['theme'] }) });
    expectFailure(noServer);
    expect(noServer.config.serverUrl).toBeUndefined();
    expect(mergeSettings(noServer.config, { serverUrl: 'https://elsewhere.example' }).serverUrl).toBeUndefined();
  });

  it('refuses a file over 1 MiB without parsing it', async () => {
    const huge = file('config.json', `{"locale": "en", "pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    expect(expectFailure(await loadManagedConfig({ path: huge }))).toMatch(/is larger than 1024 KiB; it was not read/);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO without opening it (start-up never waits for a writer)', async () => {
    const fifo = path.join(dir, 'config.json');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(expectFailure(await loadManagedConfig({ path: fifo }))).toMatch(/is not a regular file/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.skipIf(process.platform === 'win32')('refuses a device file', async () => {
    expect(expectFailure(await loadManagedConfig({ path: '/dev/zero' }))).toMatch(/is not a regular file/);
  });

  it('parses the example file published in the IT deployment guide', async () => {
    const guide = readFileSync(path.join(__dirname, '..', 'docs', 'it-deployment.md'), 'utf8');
    const example = /<!-- example-config[^>]*-->\s*```json\n([\s\S]*?)```/.exec(guide)?.[1];
    expect(example, 'example block in it-deployment.md').toBeDefined();
    const result = await loadManagedConfig({ path: file('config.json', example ?? '') });
    expect(result.ok).toBe(true);
    expect(result.config.locked).toContain('serverUrl');
  });

  it('reports invalid JSON with the path and fails closed', async () => {
    const target = file('config.json', '{ "serverUrl": "https://a.example", }');
    const error = expectFailure(await loadManagedConfig({ path: target }));
    expect(error).toContain(target);
    expect(error).toMatch(/not valid JSON/);
    expect(error).toMatch(/line 1 column \d+/);
  });

  it('names the field of a wrong type', async () => {
    const error = expectFailure(await loadManagedConfig({ path: json('config.json', { privacyMode: 'yes' }) }));
    expect(error).toMatch(/privacyMode: .*expected boolean/);
  });

  it('rejects an unknown key and suggests the right one', async () => {
    const error = expectFailure(await loadManagedConfig({ path: json('config.json', { serverURL: 'https://a.example' }) }));
    expect(error).toContain('unknown key "serverURL"');
    expect(error).toContain('did you mean "serverUrl"?');
  });

  it('rejects unknown keys inside nested objects and lists the allowed ones', async () => {
    const error = expectFailure(await loadManagedConfig({ path: json('config.json', { updates: { enabled: true, channel: 'beta' } }) }));
    expect(error).toContain('updates: unknown key "channel" (allowed keys: enabled, url)');
  });

  it('names the bad entry of `locked`, bad URLs and out-of-range numbers', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ locked: ['serverUrl', 'updates'] }, /locked\[1\]: /],
      [{ serverUrl: 'ftp://files.example' }, /serverUrl: must be an http:\/\/ or https:\/\/ URL/],
      [{ serverUrl: 'https://nurse:secret@plantao.example' }, /serverUrl: must not contain a user name or password/],
      [{ updates: { enabled: true, url: 'not a url' } }, /updates\.url: /],
      [{ alarm: { burstIntervalSeconds: 1 } }, /alarm\.burstIntervalSeconds: /],
      [{ locale: 'es' }, /locale: /],
      [['serverUrl'], /\(top level\): .*expected object/],
    ];
    for (const [content, pattern] of cases) {
      expect(expectFailure(await loadManagedConfig({ path: json('config.json', content) })), JSON.stringify(content)).toMatch(pattern);
    }
  });

  it('refuses to lock serverUrl without a serverUrl', async () => {
    const error = expectFailure(await loadManagedConfig({ path: json('config.json', { locked: ['serverUrl'] }) }));
    expect(error).toMatch(/locked: "serverUrl" is locked but no serverUrl is set/);
  });

  it('reports an empty file', async () => {
    expect(expectFailure(await loadManagedConfig({ path: file('config.json', '  \n') }))).toMatch(/is empty/);
  });

  it('reads UTF-8 with a BOM and UTF-16 LE with a BOM (Windows editors and PowerShell 5)', async () => {
    const content = JSON.stringify({ serverUrl: 'https://plantão.example', locale: 'en' });
    const utf8Bom = file('utf8.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(content, 'utf8')]));
    const utf16 = file('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(content, 'utf16le')]));
    for (const target of [utf8Bom, utf16]) {
      const result = await loadManagedConfig({ path: target });
      expect(result.ok, target).toBe(true);
      expect(result.config.locale).toBe('en');
    }
  });

  it('rejects a file saved as ANSI (Windows-1252) instead of garbling it', async () => {
    const target = file('config.json', Buffer.from('{"serverUrl": "https://plant\u00e3o.example"}', 'latin1'));
    expect(expectFailure(await loadManagedConfig({ path: target }))).toMatch(/not valid UTF-8/);
  });

  it('reports a directory where the file should be', async () => {
    expect(expectFailure(await loadManagedConfig({ path: dir }))).toMatch(/is a directory/);
  });

  it('reports an unreadable file and never throws, whatever the fs does', async () => {
    const denied: ManagedConfigFs = {
      readFile: async () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    };
    expect(expectFailure(await loadManagedConfig({ path: '/etc/plantao/config.json', fs: denied }))).toMatch(
      /"\/etc\/plantao\/config\.json" cannot be read \(permission denied\)/,
    );

    const hostile: ManagedConfigFs = {
      readFile: () => {
        throw 'not even an Error';
      },
    };
    expect(expectFailure(await loadManagedConfig({ path: '/x/config.json', fs: hostile }))).toContain('not even an Error');
  });

  it('reads the machine-wide path of the platform', async () => {
    const seen: string[] = [];
    const fs: ManagedConfigFs = {
      readFile: async (target) => {
        seen.push(target);
        return Buffer.from('{"locale": "en"}');
      },
    };
    const result = await loadManagedConfig({ platform: 'win32', env: { ProgramData: 'D:\\PD' }, fs });
    expect(seen).toEqual(['D:\\PD\\Plantao\\config.json']);
    expect(result).toMatchObject({ ok: true, source: 'machine', path: 'D:\\PD\\Plantao\\config.json' });
  });
});

describe(`${MANAGED_CONFIG_ENV_VAR} override`, () => {
  const machineDir = (): string => path.join(dir, 'machine');
  const envFor = (override: string): NodeJS.ProcessEnv => ({ [MANAGED_CONFIG_ENV_VAR]: override });
  // Linux machine path, rerouted into the temp dir by a fake fs.
  const reroutingFs: ManagedConfigFs = {
    readFile: (target) => readFile(target === '/etc/plantao/config.json' ? path.join(machineDir(), 'config.json') : target),
  };

  it('is used when there is no machine-wide file', async () => {
    const override = json('test.json', { locale: 'en' });
    const result = await loadManagedConfig({ platform: 'linux', env: envFor(override), fs: reroutingFs });
    expect(result).toMatchObject({ ok: true, source: 'environment', path: override, config: { locale: 'en' } });
    expect(result.notice).toBeUndefined();
  });

  it('reports a file it names that does not exist, instead of silently using the defaults', async () => {
    const override = path.join(dir, 'typo.json');
    const error = expectFailure(await loadManagedConfig({ platform: 'linux', env: envFor(override), fs: reroutingFs }));
    expect(error).toContain(`"${override}" does not exist (named by ${MANAGED_CONFIG_ENV_VAR})`);
  });

  it('is ignored, with a notice, when the machine-wide file exists', async () => {
    const override = json('test.json', { locale: 'en' });
    mkdirSync(machineDir());
    writeFileSync(path.join(machineDir(), 'config.json'), JSON.stringify({ locked: ['locale'] }));
    const result = await loadManagedConfig({ platform: 'linux', env: envFor(override), fs: reroutingFs });
    expect(result).toMatchObject({
      ok: true,
      source: 'machine',
      path: '/etc/plantao/config.json',
      config: { locale: 'pt-BR', locked: ['locale'] },
    });
    expect(result.notice).toContain(MANAGED_CONFIG_ENV_VAR);
    expect(result.notice).toContain(override);
  });

  it('is ignored by an explicit path, and resolves relative paths from cwd', () => {
    expect(managedConfigOverridePath('linux', envFor('conf/test.json'), '/home/it')).toBe('/home/it/conf/test.json');
    expect(managedConfigOverridePath('linux', envFor('   '), '/home/it')).toBeUndefined();
    expect(managedConfigOverridePath('win32', { plantao_managed_config: 'C:\\Temp\\t.json' }, 'C:\\')).toBe('C:\\Temp\\t.json');
  });
});

describe('managedConfigPath', () => {
  it('uses %ProgramData% on Windows, whatever its case, with a C:\\ProgramData fallback', () => {
    expect(managedConfigPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\Plantao\\config.json');
    expect(managedConfigPath('win32', { PROGRAMDATA: 'E:\\Data' })).toBe('E:\\Data\\Plantao\\config.json');
    expect(managedConfigPath('win32', {})).toBe('C:\\ProgramData\\Plantao\\config.json');
    expect(managedConfigPath('win32', { ProgramData: '' })).toBe('C:\\ProgramData\\Plantao\\config.json');
    expect(managedConfigPath('win32', { ProgramData: 'relative\\dir' })).toBe('C:\\ProgramData\\Plantao\\config.json');
  });

  it('uses /etc/plantao on Linux (and other Unix)', () => {
    expect(managedConfigPath('linux', {})).toBe('/etc/plantao/config.json');
    expect(managedConfigPath('freebsd', {})).toBe('/etc/plantao/config.json');
  });

  it('uses /Library/Application Support/Plantao on macOS', () => {
    expect(managedConfigPath('darwin', {})).toBe('/Library/Application Support/Plantao/config.json');
  });
});

describe('mergeSettings', () => {
  const managed = ManagedConfigSchema.parse({
    serverUrl: 'https://it.example',
    locked: ['serverUrl', 'privacyMode', 'privacyMode'],
    privacyMode: true,
    locale: 'pt-BR',
    alarm: { burstIntervalSeconds: 30 },
    updates: { enabled: true, url: 'https://updates.example' },
  });

  it('applies locked keys over the user settings', () => {
    const effective = mergeSettings(managed, { serverUrl: 'https://elsewhere.example', privacyMode: false });
    expect(effective.serverUrl).toBe('https://it.example');
    expect(effective.privacyMode).toBe(true);
    expect(effective.locked).toEqual(['serverUrl', 'privacyMode']);
  });

  it('lets the user change unlocked keys, with managed values as the machine defaults', () => {
    expect(mergeSettings(managed, { locale: 'en', startAtLogin: false, alarm: { burstIntervalSeconds: 10 } })).toEqual({
      serverUrl: 'https://it.example',
      privacyMode: true,
      startAtLogin: false,
      locale: 'en',
      theme: 'system',
      alarm: { burstIntervalSeconds: 10 },
      updates: { enabled: true, url: 'https://updates.example' },
      locked: ['serverUrl', 'privacyMode'],
    });
    expect(mergeSettings(managed, {})).toMatchObject({ locale: 'pt-BR', startAtLogin: true, alarm: { burstIntervalSeconds: 30 } });
  });

  it('locks a key IT did not set to its default', () => {
    const lockedLocale = ManagedConfigSchema.parse({ locked: ['locale', 'alarm'] });
    const effective = mergeSettings(lockedLocale, { locale: 'en', alarm: { burstIntervalSeconds: 10 } });
    expect(effective.locale).toBe('pt-BR');
    expect(effective.alarm).toBeUndefined();
    expect(isSettingLocked(lockedLocale, 'locale')).toBe(true);
    expect(isSettingLocked(lockedLocale, 'serverUrl')).toBe(false);
  });

  it('never takes `updates` or `locked` from the user', () => {
    const user = UserSettingsSchema.parse({ locale: 'en', updates: { enabled: true }, locked: [] });
    expect(user).toEqual({ locale: 'en' });
    const effective = mergeSettings(defaultManagedConfig(), { ...user, updates: { enabled: true } } as never);
    expect(effective.updates).toEqual({ enabled: false });
    expect(effective.locked).toEqual([]);
  });

  it('uses the managed defaults when there are no user settings', () => {
    expect(mergeSettings(defaultManagedConfig())).toEqual({
      privacyMode: true,
      startAtLogin: true,
      locale: 'pt-BR',
      theme: 'system',
      updates: { enabled: false },
      locked: [],
    });
  });

  it('covers every lockable key', () => {
    expect([...LOCKABLE_SETTINGS].sort()).toEqual(['alarm', 'locale', 'privacyMode', 'serverUrl', 'startAtLogin', 'theme']);
  });
});
