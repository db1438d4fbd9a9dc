import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CommandResult, createRegExeReader, execFileCommand, regExePath, type RunCommand } from './reg-exe-reader';
import { RegistryReadError } from './registry-reader';

const crlf = (lines: string[]): string => lines.map((line) => `${line}\r\n`).join('');
const KEY = 'Software\\Policies\\Plantao';
const QUERY = ['query', 'HKLM\\Software\\Policies\\Plantao', '/s', '/reg:64'];
const PROBE = ['query', 'HKLM\\Software\\Policies', '/reg:64'];

const POLICY = crlf([
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
  '    serverUrl    REG_SZ    https://plantao.hospital.example.br',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao\\locked',
  '    serverUrl    REG_DWORD    0x1',
  '',
]);
const PARENT_WITH_PLANTAO = crlf([
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao',
  '',
]);
const PARENT_WITHOUT = crlf([
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\Microsoft',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\PlantaoOld',
  '',
]);
const NOT_FOUND = 'ERROR: The system was unable to find the specified registry key or value.\r\n';
const DISABLED = 'ERROR: Registry editing has been disabled by your administrator.\r\n';

const result = (exitCode: number, stdout = '', stderr = ''): CommandResult => ({
  exitCode,
  stdout: Buffer.from(stdout, 'latin1'),
  stderr: Buffer.from(stderr, 'latin1'),
});

/** A stand-in for reg.exe at the child-process boundary: answers per argument list, records the calls. */
function fakeRun(answers: Record<string, CommandResult | Error>): RunCommand & { calls: Array<{ file: string; args: readonly string[] }> } {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const run = (file: string, args: readonly string[]): Promise<CommandResult> => {
    calls.push({ file, args });
    const answer = answers[args.join(' ')];
    if (answer === undefined) return Promise.reject(new Error(`unexpected command ${args.join(' ')}`));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  };
  return Object.assign(run, { calls });
}

describe('reg.exe registry reader', () => {
  it('runs %SystemRoot%\\System32\\reg.exe query <key> /s /reg:64 and returns paths relative to the key', async () => {
    const run = fakeRun({ [QUERY.join(' ')]: result(0, POLICY) });
    const reader = createRegExeReader({ env: { SystemRoot: 'D:\\WINDOWS' }, run });
    expect(await reader.readTree('HKLM', KEY)).toEqual([
      { path: [], values: [{ name: 'serverUrl', type: 'REG_SZ', data: 'https://plantao.hospital.example.br' }] },
      { path: ['locked'], values: [{ name: 'serverUrl', type: 'REG_DWORD', data: 1 }] },
    ]);
    expect(run.calls).toEqual([{ file: 'D:\\WINDOWS\\System32\\reg.exe', args: QUERY }]);
  });

  it('answers "no policy" only when the parent key exists and does not list the policy key', async () => {
    const run = fakeRun({ [QUERY.join(' ')]: result(1, '', NOT_FOUND), [PROBE.join(' ')]: result(0, PARENT_WITHOUT) });
    expect(await createRegExeReader({ run }).readTree('HKLM', KEY)).toBeUndefined();
    expect(run.calls.map((call) => call.args)).toEqual([QUERY, PROBE]);
  });

  it('fails when the key exists but cannot be read (access denied), with reg.exe’s words', async () => {
    const run = fakeRun({
      [QUERY.join(' ')]: result(1, '', 'ERROR: Access is denied.\r\n'),
      [PROBE.join(' ')]: result(0, PARENT_WITH_PLANTAO),
    });
    await expect(createRegExeReader({ run }).readTree('HKLM', KEY)).rejects.toThrow(
      new RegistryReadError('reg.exe could not read HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao: ERROR: Access is denied.'),
    );
  });

  it('fails when reg.exe is refused altogether ("Prevent access to registry editing tools")', async () => {
    const run = fakeRun({ [QUERY.join(' ')]: result(1, '', DISABLED), [PROBE.join(' ')]: result(1, '', DISABLED) });
    await expect(createRegExeReader({ run }).readTree('HKLM', KEY)).rejects.toThrow(
      /Registry editing has been disabled by your administrator/,
    );
  });

  it('shows an OEM-encoded error (pt-BR Windows) with ? for the letters it cannot know', async () => {
    // "ERRO: A edição do Registro foi desabilitada pelo administrador." in code page 850.
    const stderr = Buffer.concat([
      Buffer.from('ERRO: A edi'),
      Buffer.from([0x87, 0xc6]),
      Buffer.from('o do Registro foi desabilitada pelo administrador.\r\n'),
    ]);
    const run = fakeRun({ [QUERY.join(' ')]: { exitCode: 1, stdout: Buffer.alloc(0), stderr }, [PROBE.join(' ')]: result(1) });
    await expect(createRegExeReader({ run }).readTree('HKLM', KEY)).rejects.toThrow(
      'reg.exe could not read HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao: ERRO: A edi??o do Registro foi desabilitada pelo administrador.',
    );
  });

  it('fails when reg.exe cannot be run, and when its output is not what it should be', async () => {
    const missing = Object.assign(new Error('spawn C:\\Windows\\System32\\reg.exe ENOENT'), { code: 'ENOENT' });
    await expect(createRegExeReader({ run: fakeRun({ [QUERY.join(' ')]: missing }) }).readTree('HKLM', KEY)).rejects.toThrow(
      /reg\.exe could not be run \(spawn .* ENOENT\)/,
    );
    const elsewhere = crlf(['', 'HKEY_LOCAL_MACHINE\\Software\\Other', '    serverUrl    REG_SZ    https://x.example']);
    await expect(createRegExeReader({ run: fakeRun({ [QUERY.join(' ')]: result(0, elsewhere) }) }).readTree('HKLM', KEY)).rejects.toThrow(
      /not under HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao/,
    );
    const garbled = crlf(['', 'HKEY_LOCAL_MACHINE\\Software\\Policies\\Plantao', '    ???']);
    await expect(createRegExeReader({ run: fakeRun({ [QUERY.join(' ')]: result(0, garbled) }) }).readTree('HKLM', KEY)).rejects.toThrow(
      RegistryReadError,
    );
  });
});

describe('regExePath', () => {
  it('uses %SystemRoot% whatever its case, falling back to C:\\Windows when unset, blank or relative', () => {
    expect(regExePath({ SystemRoot: 'C:\\WINDOWS' })).toBe('C:\\WINDOWS\\System32\\reg.exe');
    expect(regExePath({ SYSTEMROOT: 'E:\\Win' })).toBe('E:\\Win\\System32\\reg.exe');
    expect(regExePath({})).toBe('C:\\Windows\\System32\\reg.exe');
    expect(regExePath({ SystemRoot: ' ' })).toBe('C:\\Windows\\System32\\reg.exe');
    expect(regExePath({ SystemRoot: 'Windows' })).toBe('C:\\Windows\\System32\\reg.exe');
  });
});

// The real child-process plumbing (execFile, buffers, exit codes, timeout) against a stand-in
// script printing reg.exe's output: reg.exe itself only exists on Windows.
describe.skipIf(process.platform === 'win32')('execFileCommand with a reg.exe stand-in', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'plantao-reg-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function standIn(script: string): string {
    const file = path.join(dir, 'reg.sh');
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  }

  it('reads the policy printed by the program, CRLF and all', async () => {
    writeFileSync(path.join(dir, 'policy.txt'), POLICY);
    const command = standIn(`[ "$1 $2 $3 $4" = "${QUERY.join(' ').replace(/\\/g, '\\\\')}" ] || exit 9\ncat "${dir}/policy.txt"`);
    const tree = await createRegExeReader({ command, run: execFileCommand() }).readTree('HKLM', KEY);
    expect(tree?.map((key) => key.path)).toEqual([[], ['locked']]);
  });

  it('passes the exit code and stderr of a failing program on to the probe logic', async () => {
    writeFileSync(path.join(dir, 'parent.txt'), PARENT_WITHOUT);
    const command = standIn(`if [ "$3" = "/s" ]; then printf '${NOT_FOUND.trim()}\\r\\n' >&2; exit 1; fi\ncat "${dir}/parent.txt"`);
    expect(await createRegExeReader({ command }).readTree('HKLM', KEY)).toBeUndefined();
  });

  it('rejects a program that does not finish in time, and one that does not exist', async () => {
    const slow = standIn('exec sleep 5');
    await expect(createRegExeReader({ command: slow, timeoutMs: 200 }).readTree('HKLM', KEY)).rejects.toThrow(/could not be run/);
    await expect(createRegExeReader({ command: path.join(dir, 'missing.exe') }).readTree('HKLM', KEY)).rejects.toThrow(/ENOENT/);
  });
});
