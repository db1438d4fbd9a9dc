/**
 * The port between the managed configuration and the Windows registry, so the
 * policy mapping is tested against a fake registry and the real one (reg.exe,
 * see reg-exe-reader.ts) stays a thin adapter. Pure types: no I/O here.
 */

/** The registry hives the app reads. Only machine policy: users cannot write there. */
export type RegistryHive = 'HKLM';

/**
 * One value as `reg query` reports it: REG_SZ / REG_EXPAND_SZ data is the raw
 * (unexpanded) text, REG_DWORD / REG_QWORD a number, REG_MULTI_SZ the list of
 * strings. Any other type (REG_BINARY, REG_NONE, …) is `other`, with its name
 * and reg.exe's text, so an error can say what was found.
 */
export type RegistryValue =
  | { name: string; type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { name: string; type: 'REG_DWORD' | 'REG_QWORD'; data: number }
  | { name: string; type: 'REG_MULTI_SZ'; data: string[] }
  | { name: string; type: 'other'; regType: string; data: string };

/** A key and its values; `path` is relative to the key that was read (`[]` for that key itself). */
export interface RegistryKeyValues {
  path: string[];
  values: RegistryValue[];
}

export interface RegistryReader {
  /**
   * The values of `hive\key` and of every subkey below it, or `undefined` when
   * `key` does not exist. Rejects with a `RegistryReadError` when it cannot
   * tell (reg.exe missing or refused, access denied, unreadable output): the
   * caller must not mistake that for "no policy".
   */
  readTree(hive: RegistryHive, key: string): Promise<RegistryKeyValues[] | undefined>;
}

export class RegistryReadError extends Error {
  override readonly name = 'RegistryReadError';
}

/** Reads nothing: the registry of a machine that has none (Linux, macOS). */
export const noRegistry: RegistryReader = { readTree: () => Promise.resolve(undefined) };
