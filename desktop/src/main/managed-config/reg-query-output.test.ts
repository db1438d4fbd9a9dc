import { describe, expect, it } from 'vitest';
import { parseRegQueryOutput, subkeyPath } from './reg-query-output';
import { RegistryReadError } from './registry-reader';

/**
 * Output samples in reg.exe's format (Windows 10/11 `reg query`): CRLF line
 * ends, a blank line before each key, values as four spaces + name + four
 * spaces + type + four spaces + data, REG_DWORD in hexadecimal, REG_MULTI_SZ
 * joined by the two characters `\0`, an empty REG_SZ printed with nothing
 * after its type's separator.
 */
const crlf = (lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');

/** `reg query "HKLM\Software\Policies\Plantao" /s /reg:64` after every ADMX policy was enabled. */
const FULL_POLICY_OUTPUT = crlf([
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
  '    serverUrl    REG_SZ    https://plantao.hospital.example.br',
  '    privacyMode    REG_DWORD    0x1',
  '    startAtLogin    REG_DWORD    0x0',
  '    locale    REG_SZ    en',
  '    theme    REG_SZ    dark',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\alarm',
  '    burstIntervalSeconds    REG_DWORD    0x2d',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\locked',
  '    serverUrl    REG_DWORD    0x1',
  '    privacyMode    REG_DWORD    0x1',
  '    startAtLogin    REG_DWORD    0x0',
  '    locale    REG_DWORD    0x0',
  '    theme    REG_DWORD    0x0',
  '    alarm    REG_DWORD    0x1',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\updates',
  '    enabled    REG_DWORD    0x1',
  '    url    REG_SZ    ',
  '',
]);

/** `reg query "HKLM\Software\Policies" /reg:64` (no /s): the subkeys, no values. */
const POLICIES_PARENT_OUTPUT = crlf([
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Google',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
  '',
]);

describe('parseRegQueryOutput', () => {
  it('reads keys and typed values from `reg query /s`', () => {
    const keys = parseRegQueryOutput(FULL_POLICY_OUTPUT);
    expect(keys.map((k) => k.key)).toEqual([
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\alarm',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\locked',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\updates',
    ]);
    expect(keys[0]?.values).toEqual([
      { name: 'serverUrl', type: 'REG_SZ', data: 'https://plantao.hospital.example.br' },
      { name: 'privacyMode', type: 'REG_DWORD', data: 1 },
      { name: 'startAtLogin', type: 'REG_DWORD', data: 0 },
      { name: 'locale', type: 'REG_SZ', data: 'en' },
      { name: 'theme', type: 'REG_SZ', data: 'dark' },
    ]);
    expect(keys[1]?.values).toEqual([{ name: 'burstIntervalSeconds', type: 'REG_DWORD', data: 45 }]);
    expect(keys[3]?.values).toEqual([
      { name: 'enabled', type: 'REG_DWORD', data: 1 },
      { name: 'url', type: 'REG_SZ', data: '' },
    ]);
  });

  it('reads REG_MULTI_SZ, REG_EXPAND_SZ, REG_QWORD, empty data without a separator, and names with spaces', () => {
    const output = crlf([
      '',
      'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
      '    list    REG_MULTI_SZ    serverUrl\\0privacyMode',
      '    emptyList    REG_MULTI_SZ',
      '    path    REG_EXPAND_SZ    %ProgramData%\\Plantao',
      '    big    REG_QWORD    0x100000000',
      '    empty    REG_SZ',
      '    with spaces    REG_SZ    a  b',
      '    blob    REG_BINARY    0102FF',
      '    nothing    REG_NONE    ',
    ]);
    expect(parseRegQueryOutput(output)[0]?.values).toEqual([
      { name: 'list', type: 'REG_MULTI_SZ', data: ['serverUrl', 'privacyMode'] },
      { name: 'emptyList', type: 'REG_MULTI_SZ', data: [] },
      { name: 'path', type: 'REG_EXPAND_SZ', data: '%ProgramData%\\Plantao' },
      { name: 'big', type: 'REG_QWORD', data: 2 ** 32 },
      { name: 'empty', type: 'REG_SZ', data: '' },
      { name: 'with spaces', type: 'REG_SZ', data: 'a  b' },
      { name: 'blob', type: 'other', regType: 'REG_BINARY', data: '0102FF' },
      { name: 'nothing', type: 'other', regType: 'REG_NONE', data: '' },
    ]);
  });

  it('keeps the default value under its (localised) name, for the mapping to ignore', () => {
    const output = crlf(['', 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao', '    (Padrão)    REG_SZ    x']);
    expect(parseRegQueryOutput(output)[0]?.values).toEqual([{ name: '(Padrão)', type: 'REG_SZ', data: 'x' }]);
  });

  it('lists the subkeys of a query without /s as keys without values', () => {
    const keys = parseRegQueryOutput(POLICIES_PARENT_OUTPUT);
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => k.values.length === 0)).toBe(true);
  });

  it('reads LF-only output and an empty result', () => {
    expect(parseRegQueryOutput(FULL_POLICY_OUTPUT.replace(/\r\n/g, '\n'))).toEqual(parseRegQueryOutput(FULL_POLICY_OUTPUT));
    expect(parseRegQueryOutput('\r\n')).toEqual([]);
  });

  it('ignores a non-indented line that is not a key, such as a localised search summary', () => {
    const output = `${FULL_POLICY_OUTPUT}Fim da pesquisa: 12 correspondência(s) encontrada(s).\r\n`;
    expect(parseRegQueryOutput(output)).toEqual(parseRegQueryOutput(FULL_POLICY_OUTPUT));
  });

  it('refuses an indented line it cannot read, and a value before any key, instead of skipping them', () => {
    expect(() => parseRegQueryOutput(crlf(['HKEY_LOCAL_MACHINE\\X', '    serverUrl REG_SZ https://a.example']))).toThrow(RegistryReadError);
    expect(() => parseRegQueryOutput(crlf(['HKEY_LOCAL_MACHINE\\X', '\tserverUrl\tREG_SZ\tx']))).toThrow(/line 2 is not a registry value/);
    expect(() => parseRegQueryOutput(crlf(['    serverUrl    REG_SZ    x']))).toThrow(RegistryReadError);
    expect(() => parseRegQueryOutput(crlf(['HKEY_LOCAL_MACHINE\\X', '    n    REG_DWORD    12']))).toThrow(/not hexadecimal/);
  });
});

describe('subkeyPath', () => {
  const root = 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao';
  it('is relative to the root, case-insensitively', () => {
    expect(subkeyPath(root, root)).toEqual([]);
    expect(subkeyPath(root, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Plantao\\Locked')).toEqual(['Locked']);
    expect(subkeyPath(root, `${root}\\a\\b`)).toEqual(['a', 'b']);
  });
  it('is undefined outside the root, including a sibling with the same prefix', () => {
    expect(subkeyPath(root, 'HKEY_LOCAL_MACHINE\\Software\\Policies\\PlantaoOld')).toBeUndefined();
    expect(subkeyPath(root, 'HKEY_LOCAL_MACHINE\\Software\\Policies')).toBeUndefined();
  });
});
