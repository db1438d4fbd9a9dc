import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ALARM_BURST_INTERVAL_SECONDS, LOCKABLE_SETTINGS, LocaleSchema, ManagedConfigSchema, ThemeSchema } from '@plantao/shared';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BURST_INTERVAL_MS } from '../src/core/alarm-policy';
import {
  POLICY_KEY,
  POLICY_LOCKED_SUBKEY,
  POLICY_OBJECTS,
  POLICY_VALUES,
  policyInputOf,
  type RegistryValue,
} from '../src/main/managed-config';

/**
 * desktop/build/policy: the Group Policy templates IT imports (plantao.admx and
 * one plantao.adml per language).
 * 1. Each file validates with `xmllint --schema` against Microsoft's ADMX schema
 *    (vendored in schema/, see its README), and the validation is shown to be live.
 * 2. What the schema cannot see: every string and presentation the ADMX refers
 *    to exists in every ADML, and each presentation control matches an element.
 * 3. The registry values the ADMX writes are exactly the ones the app's policy
 *    reader maps (registry-policy.ts), with the right types, and what Group
 *    Policy writes for each policy passes the managed-config schema.
 */

const policyDir = path.join(__dirname, '..', 'build', 'policy');
const schemaDir = path.join(policyDir, 'schema');
const ADMX = path.join(policyDir, 'plantao.admx');
const LANGUAGES = ['en-US', 'pt-BR'];
const admlOf = (language: string): string => path.join(policyDir, language, 'plantao.adml');

/**
 * libxml2 implements XML Schema regular expressions to the letter: `\$` is not
 * one of XSD's escapes (`\n \r \t \\ \| \. \- \^ \? \* \+ \{ \} \( \) \[ \]`),
 * so it refuses BaseTypes.xsd's `\$\(string\.…\)` patterns, which .NET (what
 * Windows' tools use) accepts. An unescaped `$` is a literal in XSD, so this
 * copy, used only by xmllint, has the same meaning. The vendored files stay
 * byte for byte Microsoft's.
 */
let xmllintSchemaDir: string;
beforeAll(() => {
  xmllintSchemaDir = mkdtempSync(path.join(tmpdir(), 'plantao-admx-schema-'));
  for (const name of readdirSync(schemaDir).filter((file) => file.endsWith('.xsd'))) {
    writeFileSync(path.join(xmllintSchemaDir, name), readFileSync(path.join(schemaDir, name), 'utf8').replaceAll('\\$', '$'));
  }
});
afterAll(() => rmSync(xmllintSchemaDir, { recursive: true, force: true }));

function xmllint(file: string): { ok: boolean; output: string } {
  const run = spawnSync('xmllint', ['--noout', '--schema', path.join(xmllintSchemaDir, 'PolicyDefinitionFiles.xsd'), file], {
    encoding: 'utf8',
  });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

type Node = Record<string, unknown>;
const ARRAYS = new Set(['policy', 'category', 'string', 'presentation', 'item', 'boolean', 'text', 'enum', 'decimal', 'definition']);
const CONTROLS = ['textBox', 'checkBox', 'dropdownList', 'decimalTextBox', 'comboBox', 'listBox', 'multiTextBox'];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  parseAttributeValue: false,
  isArray: (name) => ARRAYS.has(name) || CONTROLS.includes(name),
});
const parse = (file: string): Node => parser.parse(readFileSync(file, 'utf8')) as Node;
const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : value === undefined ? [] : [value as Node]);
const child = (node: Node, name: string): Node => (node[name] ?? {}) as Node;

const admx = child(parse(ADMX), 'policyDefinitions');
const policies = list(child(admx, 'policies').policy);
const adml = Object.fromEntries(LANGUAGES.map((language) => [language, child(parse(admlOf(language)), 'policyDefinitionResources')]));
const stringIds = (language: string): string[] =>
  list(child(child(adml[language] ?? {}, 'resources'), 'stringTable').string).map((s) => String(s.id));
const presentations = (language: string): Node[] => list(child(child(adml[language] ?? {}, 'resources'), 'presentationTable').presentation);

describe('ADMX / ADML against the schema', () => {
  it('uses the vendored schema files listed, unchanged, in schema/README.md', () => {
    const readme = readFileSync(path.join(schemaDir, 'README.md'), 'utf8');
    for (const name of ['BaseTypes.xsd', 'PolicyDefinitionFiles.xsd', 'PolicyDefinitions.xsd']) {
      const digest = createHash('sha256')
        .update(readFileSync(path.join(schemaDir, name)))
        .digest('hex');
      expect(readme, name).toContain(`${digest}  ${name}`);
    }
  });

  it.each([['plantao.admx'], ...LANGUAGES.map((language) => [`${language}/plantao.adml`])])('%s validates', (name) => {
    const result = xmllint(path.join(policyDir, name));
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('rejects invalid templates (the validation is live)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plantao-admx-'));
    try {
      const admxText = readFileSync(ADMX, 'utf8');
      const cases: Array<[string, string, RegExp]> = [
        ['bad-class.admx', admxText.replace('class="Machine"', 'class="Computer"'), /class.*not an element of the set|not a valid value/],
        ['no-supported-on.admx', admxText.replace('<supportedOn ref="SUPPORTED_Plantao_0_1" />', ''), /supportedOn/],
        ['literal-name.admx', admxText.replace('displayName="$(string.ServerUrl)"', 'displayName="Server address"'), /displayName/],
        ['no-display-name.adml', readFileSync(admlOf('en-US'), 'utf8').replace('<displayName>Plantão</displayName>', ''), /displayName/],
      ];
      for (const [name, text, pattern] of cases) {
        expect(text, name).not.toBe(name.endsWith('.adml') ? readFileSync(admlOf('en-US'), 'utf8') : admxText);
        writeFileSync(path.join(dir, name), text);
        const result = xmllint(path.join(dir, name));
        expect(result.ok, name).toBe(false);
        expect(result.output, name).toMatch(pattern);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ADMX references into the ADML files', () => {
  const admxText = readFileSync(ADMX, 'utf8');
  const referenced = (kind: 'string' | 'presentation'): string[] => [
    ...new Set([...admxText.matchAll(new RegExp(`\\$\\(${kind}\\.([A-Za-z0-9_]+)\\)`, 'g'))].map((m) => m[1] ?? '')),
  ];

  it.each(LANGUAGES)('every string and presentation the ADMX names exists in %s, once', (language) => {
    const strings = stringIds(language);
    const presentationIds = presentations(language).map((p) => String(p.id));
    expect(referenced('string').filter((id) => !strings.includes(id))).toEqual([]);
    expect(referenced('presentation').filter((id) => !presentationIds.includes(id))).toEqual([]);
    expect(strings.length).toBe(new Set(strings).size);
    expect(presentationIds.length).toBe(new Set(presentationIds).size);
    // Nothing in the ADML that the ADMX never uses (a leftover is usually a typo on one side).
    expect(strings.filter((id) => !referenced('string').includes(id))).toEqual([]);
  });

  it('has the same strings and presentations in every language', () => {
    const [first, ...others] = LANGUAGES;
    for (const language of others) {
      expect(stringIds(language).sort()).toEqual(stringIds(first ?? '').sort());
      expect(presentations(language).map((p) => String(p.id))).toEqual(presentations(first ?? '').map((p) => String(p.id)));
    }
  });

  it.each(LANGUAGES)('in %s, each presentation control matches an element of its policy, of the right kind', (language) => {
    const controlFor: Record<string, string> = { text: 'textBox', enum: 'dropdownList', boolean: 'checkBox', decimal: 'decimalTextBox' };
    for (const policy of policies) {
      const elements = child(policy, 'elements');
      const expected = Object.entries(controlFor).flatMap(([kind, control]) =>
        list(elements[kind]).map((e) => `${control}:${String(e.id)}`),
      );
      const ref = /^\$\(presentation\.(.+)\)$/.exec(String(policy.presentation ?? ''))?.[1];
      if (ref === undefined) {
        expect(expected, `policy ${String(policy.name)} has elements but no presentation`).toEqual([]);
        continue;
      }
      const presentation = presentations(language).find((p) => p.id === ref) ?? {};
      const actual = CONTROLS.flatMap((control) => list(presentation[control]).map((c) => `${control}:${String(c.refId)}`));
      expect(actual.sort(), `presentation ${ref}`).toEqual(expected.sort());
    }
  });
});

/** What Group Policy writes for a policy, per registry key: value name → REG type. */
function writesOf(policy: Node): Array<{ key: string; name: string; type: 'REG_SZ' | 'REG_DWORD' }> {
  const key = String(policy.key);
  const writes: Array<{ key: string; name: string; type: 'REG_SZ' | 'REG_DWORD' }> = [];
  const valueType = (value: Node): 'REG_SZ' | 'REG_DWORD' => (value.decimal !== undefined ? 'REG_DWORD' : 'REG_SZ');
  if (policy.valueName !== undefined) writes.push({ key, name: String(policy.valueName), type: valueType(child(policy, 'enabledValue')) });
  const elements = child(policy, 'elements');
  for (const e of list(elements.text)) writes.push({ key: String(e.key ?? key), name: String(e.valueName), type: 'REG_SZ' });
  for (const e of list(elements.decimal)) writes.push({ key: String(e.key ?? key), name: String(e.valueName), type: 'REG_DWORD' });
  for (const e of list(elements.boolean))
    writes.push({ key: String(e.key ?? key), name: String(e.valueName), type: valueType(child(e, 'trueValue')) });
  for (const e of list(elements.enum)) {
    const types = new Set(list(e.item).map((item) => valueType(child(item, 'value'))));
    expect(types.size, `enum ${String(e.id)} mixes value types`).toBe(1);
    writes.push({ key: String(e.key ?? key), name: String(e.valueName), type: [...types][0] ?? 'REG_SZ' });
  }
  return writes;
}

describe('ADMX registry values = what the app reads', () => {
  const regType = { string: 'REG_SZ', boolean: 'REG_DWORD', integer: 'REG_DWORD' } as const;

  it('writes exactly the values registry-policy.ts maps, with their types, under the policy key', () => {
    const written = policies.flatMap(writesOf).map((w) => `${w.key}|${w.name}|${w.type}`);
    const expected = [
      ...Object.entries(POLICY_VALUES).map(([name, kind]) => `${POLICY_KEY}|${name}|${regType[kind]}`),
      ...LOCKABLE_SETTINGS.map((setting) => `${POLICY_KEY}\\${POLICY_LOCKED_SUBKEY}|${setting}|REG_DWORD`),
      ...Object.entries(POLICY_OBJECTS).flatMap(([object, values]) =>
        Object.entries(values).map(([name, kind]) => `${POLICY_KEY}\\${object}|${name}|${regType[kind]}`),
      ),
    ];
    expect(written.sort()).toEqual(expected.sort());
    expect(policies.every((policy) => policy.class === 'Machine')).toBe(true);
  });

  it('offers the languages, themes and alarm range the app accepts', () => {
    const enumValues = (id: string): string[] =>
      policies
        .flatMap((policy) => list(child(policy, 'elements').enum))
        .filter((e) => e.id === id)
        .flatMap((e) => list(e.item).map((item) => String(child(item, 'value').string)));
    expect(enumValues('Locale')).toEqual([...LocaleSchema.options]);
    expect(enumValues('Theme')).toEqual([...ThemeSchema.options]);
    const interval =
      policies.flatMap((policy) => list(child(policy, 'elements').decimal)).find((e) => e.id === 'BurstIntervalSeconds') ?? {};
    expect([Number(interval.minValue), Number(interval.maxValue)]).toEqual([
      ALARM_BURST_INTERVAL_SECONDS.min,
      ALARM_BURST_INTERVAL_SECONDS.max,
    ]);
    for (const language of LANGUAGES) {
      const box = list(presentations(language).find((p) => p.id === 'AlarmBurstInterval')?.decimalTextBox)[0] ?? {};
      expect(Number(box.defaultValue), language).toBe(DEFAULT_BURST_INTERVAL_MS / 1000);
    }
  });

  it('what Group Policy writes with every policy enabled, or disabled, passes the managed-config schema', () => {
    const sample: Record<string, RegistryValue['data']> = { serverUrl: 'https://plantao.hospital.example.br', url: '' };
    const tree = (state: 'enabled' | 'disabled'): Array<{ path: string[]; values: RegistryValue[] }> => {
      const byKey = new Map<string, RegistryValue[]>();
      const put = (key: string, value: RegistryValue): void => {
        const relative = key === POLICY_KEY ? '' : key.slice(POLICY_KEY.length + 1);
        byKey.set(relative, [...(byKey.get(relative) ?? []), value]);
      };
      for (const policy of policies) {
        const key = String(policy.key);
        const fixed = child(policy, state === 'enabled' ? 'enabledValue' : 'disabledValue');
        if (policy.valueName !== undefined)
          put(key, { name: String(policy.valueName), type: 'REG_DWORD', data: Number(list(fixed.decimal)[0]?.value) });
        // Disabled: Group Policy deletes the values of a policy's elements.
        if (state === 'disabled') continue;
        const elements = child(policy, 'elements');
        for (const e of list(elements.text))
          put(String(e.key ?? key), { name: String(e.valueName), type: 'REG_SZ', data: String(sample[String(e.valueName)]) });
        for (const e of list(elements.decimal))
          put(String(e.key ?? key), { name: String(e.valueName), type: 'REG_DWORD', data: Number(e.minValue) });
        for (const e of list(elements.boolean)) {
          put(String(e.key ?? key), {
            name: String(e.valueName),
            type: 'REG_DWORD',
            data: Number(list(child(e, 'trueValue').decimal)[0]?.value),
          });
        }
        for (const e of list(elements.enum)) {
          put(String(e.key ?? key), {
            name: String(e.valueName),
            type: 'REG_SZ',
            data: String(child(list(e.item).at(-1) ?? {}, 'value').string),
          });
        }
      }
      return [...byKey].map(([relative, values]) => ({ path: relative === '' ? [] : relative.split('\\'), values }));
    };

    const enabled = policyInputOf(tree('enabled'));
    expect(enabled.problems).toEqual([]);
    expect(ManagedConfigSchema.parse(enabled.input)).toMatchObject({
      serverUrl: 'https://plantao.hospital.example.br',
      privacyMode: true,
      locale: 'en',
      theme: 'dark',
      locked: [...LOCKABLE_SETTINGS],
      updates: { enabled: true },
      alarm: { burstIntervalSeconds: ALARM_BURST_INTERVAL_SECONDS.min },
    });

    const disabled = policyInputOf(tree('disabled'));
    expect(disabled.problems).toEqual([]);
    expect(disabled.input).toEqual({ privacyMode: false, startAtLogin: false, updates: { enabled: false } });
    expect(ManagedConfigSchema.safeParse(disabled.input).success).toBe(true);
  });
});
