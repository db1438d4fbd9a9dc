/**
 * A REAL desktop notification: our notify path (os-notifier.ts → real
 * node-notifier → notify-send) against the dunst notification daemon, on a
 * private X display (Xvfb) and a private D-Bus session bus. What the nurse
 * would see is read back from `dunstctl history`.
 *
 * Needs dunst, dunstctl, notify-send (libnotify-bin), Xvfb and dbus-daemon.
 * CI installs them; when one is missing this suite FAILS, naming it.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAlertNotification } from '@plantao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/main/logger';
import { createOsNotifier } from '../src/main/notifications/os-notifier';

const TOOLS = ['dunst', 'dunstctl', 'notify-send', 'Xvfb', 'dbus-daemon'];

interface DunstEntry {
  summary: string;
  body: string;
  appname: string;
  timeout: number;
}

const started: ChildProcess[] = [];
let workDir: string;
let env: NodeJS.ProcessEnv;
const savedEnv = { DISPLAY: process.env.DISPLAY, DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS };

/** Starts a process and resolves with the first line it writes on `fd` (its display number or bus address). */
function startAndReadLine(command: string, args: string[], fd: 1 | 3, childEnv?: NodeJS.ProcessEnv): Promise<string> {
  const stdio: Array<'ignore' | 'pipe'> = fd === 1 ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'pipe', 'pipe'];
  const child = spawn(command, args, { stdio, env: childEnv });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdio[2]?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdio[fd]?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve(line.trim());
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${command} exited (${String(code)}) before it was ready: ${err}`)));
  });
}

async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const dunstctl = (...args: string[]): string => execFileSync('dunstctl', args, { env, encoding: 'utf8' });

/** Closes whatever is on screen (dunst keeps only closed notifications in its history) and reads the history. */
function closeAllAndReadHistory(): DunstEntry[] {
  dunstctl('close-all');
  const json = JSON.parse(dunstctl('history')) as { data: Array<Array<Record<string, { data: unknown }>>> };
  return (json.data[0] ?? []).map((entry) => ({
    summary: String(entry.summary?.data),
    body: String(entry.body?.data),
    appname: String(entry.appname?.data),
    timeout: Number(entry.timeout?.data),
  }));
}

beforeAll(async () => {
  const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(
      `Missing ${missing.join(', ')}: this test shows a real notification through dunst. ` +
        'Install them with: apt-get install -y dunst libnotify-bin xvfb dbus',
    );
  }
  workDir = mkdtempSync(join(tmpdir(), 'plantao-dunst-'));
  // Xvfb picks a free display itself and reports its number on fd 3.
  const display = await startAndReadLine('Xvfb', ['-displayfd', '3', '-screen', '0', '800x600x24', '-nolisten', 'tcp'], 3);
  const bus = await startAndReadLine('dbus-daemon', ['--session', '--nofork', '--print-address=1'], 1);
  env = { ...process.env, DISPLAY: `:${display}`, DBUS_SESSION_BUS_ADDRESS: bus };
  // Our own config, so a developer's ~/.config/dunst cannot change the outcome.
  const config = join(workDir, 'dunstrc');
  writeFileSync(config, '[global]\n    history_length = 50\n');
  const dunst = spawn('dunst', ['-config', config], { env, stdio: 'ignore' });
  started.push(dunst);
  await waitFor('dunst on the session bus', () => spawnSync('dunstctl', ['count', 'displayed'], { env }).status === 0);
  // node-notifier runs notify-send with this process's environment.
  process.env.DISPLAY = env.DISPLAY;
  process.env.DBUS_SESSION_BUS_ADDRESS = bus;
}, 30_000);

/** Stops a process we started and waits until it is gone (SIGKILL if SIGTERM is ignored). */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  for (const child of started.reverse()) await stop(child);
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const alert = {
  id: 'alert-dunst-1',
  patientName: 'Maria Aparecida da Silva Souza',
  bed: '12',
  severity: 'critical' as const,
  type: 'critical_symptom' as const,
  message: 'Maria relata dor no peito e falta de ar',
};

describe('OS notification through notify-send and dunst', () => {
  const log = createLogger({ level: 'error' });
  const notify = createOsNotifier({ appName: 'Plantão', platform: 'linux', log });

  it('shows the alert with its title and body, kept on screen because it is critical', async () => {
    await notify(formatAlertNotification(alert, { privacyMode: false }));
    const shown = closeAllAndReadHistory().find((entry) => entry.summary.includes('Maria'));
    expect(shown).toEqual({
      summary: 'Alerta crítico — Maria Aparecida da Silva Souza (Leito 12)',
      body: 'Sintoma crítico: Maria relata dor no peito e falta de ar',
      appname: 'Plantão',
      timeout: 0,
    });
  });

  it('privacy mode: initials and bed reach the screen, the name never does', async () => {
    await notify(formatAlertNotification({ ...alert, id: 'alert-dunst-2' }, { privacyMode: true }));
    const history = closeAllAndReadHistory();
    const shown = history.find((entry) => entry.body.includes('M.A.S.S.'));
    expect(shown).toMatchObject({ summary: 'Alerta crítico — Leito 12', body: 'Paciente M.A.S.S. — Sintoma crítico' });
    const text = JSON.stringify(shown);
    for (const part of ['Maria', 'Aparecida', 'Silva', 'Souza', 'dor no peito']) expect(text).not.toContain(part);
  });
});
