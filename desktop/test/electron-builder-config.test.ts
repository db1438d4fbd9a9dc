import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import Ajv from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * electron-builder.yml (repository root) is checked two ways:
 * 1. against app-builder-lib's own JSON schema (scheme.json), with a negative
 *    case proving the validator really rejects a bad file;
 * 2. for the deployment invariants IT relies on (per-machine installers, fixed
 *    MSI upgrade code, targets, hardened runtime, no secrets, updates opt-in).
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const configFile = path.join(repoRoot, 'electron-builder.yml');
const GUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/i;

// The YAML parser electron-builder itself uses to read this file (a dependency
// of app-builder-lib, resolved from there so hoisting does not matter).
const requireFromBuilder = createRequire(createRequire(__filename).resolve('app-builder-lib/package.json'));
const yaml = requireFromBuilder('js-yaml') as { load(source: string): unknown };
const schema = requireFromBuilder('./scheme.json') as Record<string, unknown>;

type Json = Record<string, unknown>;
const obj = (value: unknown): Json => {
  expect(value, 'expected a mapping').toBeTypeOf('object');
  expect(value).not.toBeNull();
  expect(Array.isArray(value)).toBe(false);
  return value as Json;
};
const targetNames = (target: unknown): string[] =>
  (Array.isArray(target) ? target : [target]).map((entry) => (typeof entry === 'string' ? entry : String(obj(entry).target)));

/** Every key in the document, at any depth, with its dotted path. */
function* walk(value: unknown, at = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* walk(item, `${at}[${index}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const where = at === '' ? key : `${at}.${key}`;
      yield [key, where, child];
      yield* walk(child, where);
    }
  }
}

let raw: string;
let config: Json;
// Draft-07 schema; ajv 6 (the desktop devDependency) speaks draft-07 natively.
// No type coercion, unlike electron-builder's own loader: `perMachine: "yes"` must fail.
const ajv = new Ajv({ allErrors: true, jsonPointers: true });
const validate = ajv.compile(schema);
const errorsOf = (candidate: unknown): string[] =>
  validate(candidate) ? [] : (validate.errors ?? []).map((e) => `${e.dataPath || '/'} ${e.message ?? ''}`);

beforeAll(() => {
  raw = readFileSync(configFile, 'utf8');
  config = obj(yaml.load(raw));
});

describe('electron-builder.yml against app-builder-lib scheme.json', () => {
  it('is a draft-07 schema that forbids unknown top-level keys', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it('validates without errors', () => {
    expect(errorsOf(config)).toEqual([]);
  });

  it('rejects an unknown top-level key (the check is live)', () => {
    const errors = errorsOf({ ...config, perMachineInstall: true });
    expect(errors.length).toBeGreaterThan(0);
    expect(validate.errors?.some((e) => e.keyword === 'additionalProperties')).toBe(true);
  });

  it("passes electron-builder's own validateConfiguration (what a build runs first)", async () => {
    // Internal module of app-builder-lib 26 (ajv 8, coercing types); the ajv 6 check above is the strict one.
    const { validateConfiguration } = requireFromBuilder('./out/util/config/config.js') as {
      validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
    };
    const debug = { isEnabled: false, add: () => undefined };
    await expect(validateConfiguration(structuredClone(config), debug)).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...structuredClone(config), perMachineInstall: true }, debug)).rejects.toThrow(
      /unknown property 'perMachineInstall'/,
    );
  });

  it('rejects a wrong type deep in a target section', () => {
    expect(errorsOf({ ...config, nsis: { ...obj(config.nsis), perMachine: 'yes' } })).not.toEqual([]);
    expect(errorsOf({ ...config, msi: { ...obj(config.msi), upgradeCode: 42 } })).not.toEqual([]);
  });
});

describe('electron-builder.yml deployment invariants', () => {
  it('identifies the app and lays out the workspace', () => {
    expect(config.appId).toBe('br.com.plantao.station');
    expect(config.productName).toBe('Plantão');
    expect(config.directories).toEqual({ app: 'desktop', output: 'release', buildResources: 'desktop/build' });
    expect(config.asar).toBe(true);
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['dist/**/*', 'assets/**/*', '!assets/sounds/**']));
    const resources = config.extraResources as Json[];
    expect(resources).toContainEqual(expect.objectContaining({ from: 'desktop/assets/sounds', to: 'sounds' }));
  });

  it('keeps the Windows AppUserModelID equal to the appId', () => {
    const win = obj(config.win);
    expect(win.appId ?? config.appId).toBe(config.appId);
    expect(targetNames(win.target).sort()).toEqual(['msi', 'nsis']);
  });

  it('builds a per-machine NSIS installer', () => {
    const nsis = obj(config.nsis);
    expect(nsis.perMachine).toBe(true);
    expect(nsis.oneClick).toBe(false);
    expect(nsis.allowElevation).toBe(true);
    expect(nsis.guid).toMatch(GUID);
    expect(existsSync(path.join(repoRoot, 'desktop/build/installer.nsh'))).toBe(true);
  });

  it('builds a per-machine MSI with a fixed upgrade code', () => {
    const msi = obj(config.msi);
    expect(msi.perMachine).toBe(true);
    expect(msi.upgradeCode).toMatch(GUID);
    // Changing it breaks GPO/Intune upgrades; the IT guide publishes this value.
    expect(msi.upgradeCode).toBe('B2767B15-BB60-4C7E-A732-0B1A2C5245FF');
    expect(msi.upgradeCode).not.toBe(obj(config.nsis).guid);
    const guide = readFileSync(path.join(repoRoot, 'desktop/docs/it-deployment.md'), 'utf8');
    expect(guide).toContain(String(msi.upgradeCode));
  });

  it('adds the MSI properties SERVER_URL and PRIVACY_MODE through the msiProjectCreated hook', async () => {
    // Resolved by electron-builder's own hook resolver, from the repository root as a build does
    // (desktop/test/msi-properties.test.ts checks what the hook does to the WiX project).
    expect(config.msiProjectCreated).toBe('./desktop/build/policy/msi-properties.cjs');
    const { resolveFunction } = requireFromBuilder('./out/util/resolve.js') as {
      resolveFunction(type: unknown, executor: unknown, name: string, root: string): Promise<unknown>;
    };
    expect(process.cwd()).toBe(repoRoot); // vitest runs from the root, like `npx electron-builder`
    const hook = await resolveFunction(undefined, config.msiProjectCreated, 'msiProjectCreated', repoRoot);
    expect(hook).toBe(
      (createRequire(__filename)('../build/policy/msi-properties.cjs') as { msiProjectCreated: unknown }).msiProjectCreated,
    );
  });

  it('builds AppImage and deb with a desktop entry and a maintainer', () => {
    const linux = obj(config.linux);
    expect(targetNames(linux.target).sort()).toEqual(['AppImage', 'deb']);
    expect(linux.category).toEqual(expect.any(String));
    expect(linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    expect(obj(obj(linux.desktop).entry).Name).toBe('Plantão');
  });

  it('builds a dmg with the hardened runtime, minimal entitlements and env-driven notarisation', () => {
    const mac = obj(config.mac);
    expect(targetNames(mac.target)).toContain('dmg');
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.gatekeeperAssess).toBe(false);
    expect(mac.notarize).toBe(true);
    expect(mac.entitlements).toBe('desktop/build/entitlements.mac.plist');
    // Without an explicit inherit file, helpers get electron-builder's broader template.
    expect(mac.entitlementsInherit).toBe(mac.entitlements);

    const plist = readFileSync(path.join(repoRoot, String(mac.entitlements)), 'utf8');
    const granted = [...plist.replace(/<!--[\s\S]*?-->/g, '').matchAll(/<key>([^<]+)<\/key>\s*<true\/>/g)].map((m) => m[1]);
    expect(granted).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('flips the Electron fuses: asar only, asar integrity, no Node runtime or inspector switches', () => {
    expect(config.asar).toBe(true);
    expect(obj(config.electronFuses)).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('contains no signing secrets or credentials', () => {
    const forbidden =
      /^(csc(Link|KeyPassword|InstallerLink|InstallerKeyPassword)|certificate(Password|File)|.*(password|secret|token|apiKey).*)$/i;
    const offending = [...walk(config)].filter(([key]) => forbidden.test(key)).map(([, where]) => where);
    expect(offending).toEqual([]);
    expect(raw).not.toMatch(/-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(raw).not.toMatch(/https?:\/\/[^/\s:@]+:[^/\s@]+@/); // user:password@host
  });

  it('leaves updates to the managed configuration (placeholder feed only)', () => {
    const publish = config.publish as Json[];
    expect(publish).toHaveLength(1);
    const [feed] = publish;
    expect(feed).toMatchObject({ provider: 'generic' });
    // .invalid never resolves (RFC 2606): nothing is fetched unless IT sets updates.url.
    expect(new URL(String(feed?.url)).hostname).toMatch(/\.invalid$/);
  });
});
