import { RegistryReadError, type RegistryValue } from './registry-reader';

/**
 * Parses what `reg query <key> [/s]` prints on stdout:
 *
 * ```text
 * (blank line)
 * HKEY_LOCAL_MACHINE\Software\Policies\Plantao
 *     serverUrl    REG_SZ    https://plantao.hospital.example.br
 *     privacyMode    REG_DWORD    0x1
 * (blank line)
 * HKEY_LOCAL_MACHINE\Software\Policies\Plantao\locked
 *     serverUrl    REG_DWORD    0x1
 * ```
 *
 * A key is a line starting with `HKEY_`; each of its values is a line of four
 * spaces, the name, four spaces, the type, four spaces and the data (nothing
 * after the type when the data is empty). Without `/s`, the subkeys follow the
 * values as bare key lines, which parse as keys without values. REG_DWORD and
 * REG_QWORD data are hexadecimal (`0x1e`); REG_MULTI_SZ strings are joined by
 * the two characters `\0`.
 *
 * Anything else that is not indented (a localised "End of search" line of
 * `/f`, which is not used) is ignored; an indented line that is not a value is
 * an error, never skipped, so a format surprise cannot silently drop a policy.
 */

export interface RegQueryKey {
  /** As reg.exe prints it, e.g. `HKEY_LOCAL_MACHINE\Software\Policies\Plantao\locked`. */
  key: string;
  values: RegistryValue[];
}

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;
const HEX = /^0x[0-9a-f]+$/i;

function valueOf(name: string, type: string, text: string, line: number): RegistryValue {
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { name, type, data: text };
    case 'REG_DWORD':
    case 'REG_QWORD':
      if (!HEX.test(text)) throw new RegistryReadError(`reg.exe output line ${line}: ${type} data "${text}" is not hexadecimal`);
      return { name, type, data: Number(BigInt(text)) };
    case 'REG_MULTI_SZ':
      return { name, type, data: text === '' ? [] : text.split('\\0') };
    default:
      return { name, type: 'other', regType: type, data: text };
  }
}

export function parseRegQueryOutput(output: string): RegQueryKey[] {
  const keys: RegQueryKey[] = [];
  let current: RegQueryKey | undefined;
  output.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    if (line.startsWith('HKEY_')) {
      current = { key: line.trimEnd(), values: [] };
      keys.push(current);
      return;
    }
    if (!/^\s/.test(line)) return;
    const match = VALUE_LINE.exec(line);
    if (match === null || current === undefined) {
      throw new RegistryReadError(`reg.exe output line ${index + 1} is not a registry value: "${line.trim().slice(0, 80)}"`);
    }
    const [, name = '', type = '', data = ''] = match;
    current.values.push(valueOf(name, type, data, index + 1));
  });
  return keys;
}

/**
 * `key` below `root` as a list of subkey names (`[]` for `root` itself), or
 * undefined when it is not below `root`. Case-insensitive, like the registry.
 */
export function subkeyPath(root: string, key: string): string[] | undefined {
  const rootLower = root.toLowerCase();
  const keyLower = key.toLowerCase();
  if (keyLower === rootLower) return [];
  if (!keyLower.startsWith(`${rootLower}\\`)) return undefined;
  return key.slice(root.length + 1).split('\\');
}
