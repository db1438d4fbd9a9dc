import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  combineMachinePolicy,
  loadManagedConfig,
  POLICY_KEY,
  POLICY_VALUES,
  policyInputOf,
  type RegistryValue,
} from '../src/main/managed-config';

/**
 * desktop/build/policy/msi-properties.cjs, the `msiProjectCreated` hook that
 * adds SERVER_URL and PRIVACY_MODE to the MSI. WiX cannot run here, so this
 * renders app-builder-lib's own MSI template the way its MsiTarget does (same
 * ejs compile, options from electron-builder.yml), runs the hook on it, and
 * checks the resulting project: well-formed XML, the properties, the
 * registry components writing exactly the policy values the app reads, and
 * what those values become in the app. Compiling it with WiX and installing it
 * with msiexec was NOT done (no Windows here).
 */

const requireHere = createRequire(__filename);
const builderRoot = path.dirname(requireHere.resolve('app-builder-lib/package.json'));
const requireFromBuilder = createRequire(path.join(builderRoot, 'package.json'));
const ejs = requireFromBuilder('ejs') as { compile(template: string): (data: Record<string, unknown>) => string };
const hook = requireHere('../build/policy/msi-properties.cjs') as {
  msiProjectCreated(file: string): Promise<void>;
  addMsiProperties(wxs: string): string;
  MSI_PROPERTIES: Record<string, { valueName: string; type: string }>;
  POLICY_KEY: string;
};

/** MsiTarget.projectTemplate: the same three replacements before ejs.compile. */
function renderTemplate(): string {
  const template = readFileSync(path.join(builderRoot, 'templates', 'msi', 'template.xml'), 'utf8')
    .replace(/{{/g, '<%')
    .replace(/}}/g, '%>')
    .replace(/\${([^}]+)}/g, '<%=$1%>');
  // What MsiTarget.writeManifest passes for electron-builder.yml's msi section (perMachine, no runAfterFinish, one-click).
  return ejs.compile(template)({
    productName: 'Plantão',
    upgradeCode: 'B2767B15-BB60-4C7E-A732-0B1A2C5245FF',
    version: '0.1.0',
    manufacturer: 'Plantão',
    compressionLevel: 'high',
    iconPath: 'C:\\build\\icon.ico',
    iconId: 'PlantaoIcon.exe',
    isRunAfterFinish: false,
    isPerMachine: true,
    isAssisted: false,
    isCreateDesktopShortcut: 0,
    isCreateStartMenuShortcut: true,
    menuCategory: null,
    programFilesId: 'ProgramFiles64Folder',
    installationDirectoryWixName: 'Plantão',
    dirs: '',
    files:
      '<Component>\n        <File Name="plantao.exe" Source="$(var.appDir)\\plantao.exe" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/>\n      </Component>',
  });
}

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value === undefined ? [] : [value as Node]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', textNodeName: '#text', cdataPropName: '#cdata' });
const text = (node: Node | undefined): string => String(node?.['#cdata'] ?? node?.['#text'] ?? '');

let dir: string;
let projectFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'plantao-msi-'));
  projectFile = path.join(dir, 'project.wxs');
  writeFileSync(projectFile, renderTemplate());
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function patchedProduct(): Promise<{ raw: string; product: Node }> {
  await hook.msiProjectCreated(projectFile);
  const raw = readFileSync(projectFile, 'utf8');
  const product = (parser.parse(raw) as { Wix: { Product: Node } }).Wix.Product;
  return { raw, product };
}

describe('MSI properties SERVER_URL and PRIVACY_MODE (msiProjectCreated hook)', () => {
  it('produces a well-formed WiX project that keeps the template and adds the properties inside <Product>', async () => {
    const before = readFileSync(projectFile, 'utf8');
    const { raw, product } = await patchedProduct();
    const lint = spawnSync('xmllint', ['--noout', projectFile], { encoding: 'utf8' });
    expect(lint.stderr).toBe('');
    expect(lint.status).toBe(0);
    // Everything the template generated is still there, unchanged, before the fragment.
    expect(raw.startsWith(before.slice(0, before.indexOf('</Product>')))).toBe(true);
    expect(list(product.Feature).map((f) => f.Id)).toEqual(['ProductFeature', 'PlantaoMachinePolicy']);
    const properties = Object.fromEntries(list(product.Property).map((p) => [String(p.Id), p]));
    expect(properties.SERVER_URL).toMatchObject({ Secure: 'yes' });
    expect(properties.PRIVACY_MODE).toMatchObject({ Secure: 'yes' });
    // The template's own per-machine setting is untouched.
    expect(properties.ALLUSERS).toMatchObject({ Value: '1' });
  });

  it('writes each property given, and only then, to the policy value the app reads', async () => {
    const { product } = await patchedProduct();
    const components = list(list(product.DirectoryRef).find((d) => d.Id === 'TARGETDIR')?.Component);
    const written = components.map((component) => {
      const value = list(component.RegistryValue)[0] ?? {};
      return {
        guid: String(component.Guid),
        transitive: component.Transitive,
        condition: text(component.Condition as Node),
        root: value.Root,
        key: value.Key,
        name: value.Name,
        type: value.Type,
        value: value.Value,
        keyPath: value.KeyPath,
      };
    });
    expect(written.map(({ guid: _guid, ...rest }) => rest)).toEqual([
      {
        transitive: 'yes',
        condition: 'SERVER_URL <> ""',
        root: 'HKLM',
        key: POLICY_KEY,
        name: 'serverUrl',
        type: 'string',
        value: '[SERVER_URL]',
        keyPath: 'yes',
      },
      {
        transitive: 'yes',
        condition: 'PRIVACY_MODE <> ""',
        root: 'HKLM',
        key: POLICY_KEY,
        name: 'privacyMode',
        type: 'integer',
        value: '[PRIVACY_MODE]',
        keyPath: 'yes',
      },
    ]);
    for (const { guid } of written) expect(guid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    // The names and types are the ones the policy reader maps (REG_SZ string, REG_DWORD boolean).
    expect(hook.POLICY_KEY).toBe(POLICY_KEY);
    expect(POLICY_VALUES.serverUrl).toBe('string');
    expect(POLICY_VALUES.privacyMode).toBe('boolean');
    // Their feature is not the one holding the advertised shortcuts, so a shortcut launch never repairs them.
    const policyFeature = list(product.Feature).find((f) => f.Id === 'PlantaoMachinePolicy') ?? {};
    expect(list(policyFeature.ComponentRef).map((ref) => ref.Id)).toEqual(components.map((c) => c.Id));
    expect(policyFeature).toMatchObject({ Level: '1', Absent: 'disallow', Display: 'hidden' });
  });

  it('keeps earlier values across upgrades and repairs, and refuses bad values at launch', async () => {
    const { product } = await patchedProduct();
    const searches = list(product.Property)
      .filter((p) => p.RegistrySearch !== undefined)
      .map((p) => ({ id: p.Id, ...(p.RegistrySearch as Node) }));
    expect(searches).toEqual([
      { id: 'PLANTAO_PREVIOUS_SERVER_URL', Id: 'PlantaoPreviousServerUrl', Root: 'HKLM', Key: POLICY_KEY, Name: 'serverUrl', Type: 'raw' },
      {
        id: 'PLANTAO_PREVIOUS_PRIVACY_MODE',
        Id: 'PlantaoPreviousPrivacyMode',
        Root: 'HKLM',
        Key: POLICY_KEY,
        Name: 'privacyMode',
        Type: 'raw',
      },
    ]);
    const setProperties = list(product.SetProperty).map((s) => `${String(s.Id)}=${String(s.Value)} if ${text(s)}`);
    expect(setProperties).toEqual([
      'SERVER_URL=[PLANTAO_PREVIOUS_SERVER_URL] if SERVER_URL = "" AND PLANTAO_PREVIOUS_SERVER_URL <> ""',
      'PRIVACY_MODE=1 if PRIVACY_MODE = "" AND PLANTAO_PREVIOUS_PRIVACY_MODE = "#1"',
      'PRIVACY_MODE=0 if PRIVACY_MODE = "" AND PLANTAO_PREVIOUS_PRIVACY_MODE = "#0"',
    ]);
    expect(list(product.SetProperty).every((s) => s.After === 'AppSearch' && s.Sequence === 'first')).toBe(true);
    const conditions = list(product.Condition).map((c) => text(c));
    expect(conditions).toContain('Installed OR SERVER_URL = "" OR SERVER_URL ~<< "https://"');
    expect(conditions).toContain('Installed OR PRIVACY_MODE = "" OR PRIVACY_MODE = "0" OR PRIVACY_MODE = "1"');
  });

  it('ends with the app using them: the values the components write, read as Group Policy', async () => {
    const { product } = await patchedProduct();
    // msiexec /i Plantao.msi /qn SERVER_URL=https://plantao.hospital.example.br PRIVACY_MODE=0
    const properties: Record<string, string> = { SERVER_URL: 'https://plantao.hospital.example.br', PRIVACY_MODE: '0' };
    const values: RegistryValue[] = list(list(product.DirectoryRef)[0]?.Component).map((component) => {
      const value = list(component.RegistryValue)[0] ?? {};
      const formatted = String(value.Value).replace(/\[([A-Z_]+)\]/g, (_, name: string) => properties[name] ?? '');
      return value.Type === 'integer'
        ? { name: String(value.Name), type: 'REG_DWORD', data: Number(formatted) }
        : { name: String(value.Name), type: 'REG_SZ', data: formatted };
    });
    const file = await loadManagedConfig({ path: path.join(dir, 'no-config.json') });
    const result = combineMachinePolicy(file, { kind: 'read', ...policyInputOf([{ path: [], values }]) });
    expect(result).toMatchObject({ ok: true, config: { serverUrl: 'https://plantao.hospital.example.br', privacyMode: false } });
  });

  it('refuses a project it does not recognise instead of building an MSI without the properties', () => {
    expect(() => hook.addMsiProperties('<Wix><Fragment/></Wix>')).toThrow(/expected exactly one <\/Product>.*found 0/);
    expect(() => hook.addMsiProperties('<Wix><Product></Product><Product></Product></Wix>')).toThrow(/found 2/);
    const once = hook.addMsiProperties(renderTemplate());
    expect(() => hook.addMsiProperties(once)).toThrow(/already defines SERVER_URL/);
  });
});
