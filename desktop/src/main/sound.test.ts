import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createSoundPlayer, playerCommands, type SpawnFn } from './sound';
import { memoryLogger } from '../../test/support/main-fakes';

/** A player process that ends the way the test says: exit code, or a spawn error such as ENOENT. */
type Outcome = number | Error;

function spawnScript(outcomes: Record<string, Outcome>) {
  const calls: Array<{ command: string; args: string[]; env?: NodeJS.ProcessEnv }> = [];
  const spawn: SpawnFn = (command, args, options) => {
    calls.push({ command, args, env: options.env });
    const child = new EventEmitter() as ChildProcess;
    const outcome = outcomes[command] ?? Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' });
    setImmediate(() => (typeof outcome === 'number' ? child.emit('exit', outcome, null) : child.emit('error', outcome)));
    return child;
  };
  return { spawn, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('alarm sound', () => {
  it.each([
    ['linux', ['paplay', 'aplay']],
    ['darwin', ['afplay']],
    ['win32', ['powershell.exe']],
  ] as const)('%s uses %j', (platform, players) => {
    expect(playerCommands(platform, '/s/alarm-high.wav').map((player) => player.command)).toEqual(players);
  });

  it('plays <kind>.wav from the sounds folder with paplay on Linux', async () => {
    const { spawn, calls } = spawnScript({ paplay: 0 });
    const log = memoryLogger();
    createSoundPlayer({ soundsDir: '/res/sounds', platform: 'linux', spawn, fileExists: () => true, log })('alarm-high');
    await settle();
    expect(calls).toEqual([expect.objectContaining({ command: 'paplay', args: ['/res/sounds/alarm-high.wav'] })]);
    expect(log.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('plays the escalated alarm at full stream volume with paplay (issue #9)', async () => {
    const { spawn, calls } = spawnScript({ paplay: 0 });
    createSoundPlayer({ soundsDir: '/s', platform: 'linux', spawn, fileExists: () => true, log: memoryLogger() })('alarm-escalated');
    await settle();
    expect(calls).toEqual([expect.objectContaining({ command: 'paplay', args: ['--volume=65536', '/s/alarm-escalated.wav'] })]);
  });

  it('falls back to aplay when paplay is missing or fails', async () => {
    for (const paplay of [Object.assign(new Error('spawn paplay ENOENT'), { code: 'ENOENT' }), 1]) {
      const { spawn, calls } = spawnScript({ paplay, aplay: 0 });
      createSoundPlayer({ soundsDir: '/s', platform: 'linux', spawn, fileExists: () => true, log: memoryLogger() })('alarm-technical');
      await settle();
      expect(calls.map((call) => call.command)).toEqual(['paplay', 'aplay']);
      expect(calls[1]?.args).toEqual(['-q', '/s/alarm-technical.wav']);
    }
  });

  it('uses afplay on macOS', async () => {
    const { spawn, calls } = spawnScript({ afplay: 0 });
    createSoundPlayer({ soundsDir: '/s', platform: 'darwin', spawn, fileExists: () => true, log: memoryLogger() })('alarm-medium');
    await settle();
    expect(calls).toEqual([expect.objectContaining({ command: 'afplay', args: ['/s/alarm-medium.wav'] })]);
  });

  it('uses PowerShell SoundPlayer on Windows, passing the path outside the command text', async () => {
    const { spawn, calls } = spawnScript({ 'powershell.exe': 0 });
    createSoundPlayer({
      soundsDir: 'C:\\Program Files\\Plantão\\resources\\sounds',
      platform: 'win32',
      spawn,
      fileExists: () => true,
      log: memoryLogger(),
    })('alarm-high');
    await settle();
    expect(calls[0]?.args.at(-1)).toBe('(New-Object Media.SoundPlayer $env:PLANTAO_SOUND).PlaySync()');
    expect(calls[0]?.env?.PLANTAO_SOUND?.endsWith('alarm-high.wav')).toBe(true);
    expect(calls[0]?.env?.PLANTAO_SOUND).toContain('Plantão');
    expect(calls[0]?.args.join(' ')).not.toContain('Plantão');
  });

  it('survives every player failing: logged, never thrown', async () => {
    const { spawn } = spawnScript({});
    const log = memoryLogger();
    const play = createSoundPlayer({ soundsDir: '/s', platform: 'linux', spawn, fileExists: () => true, log });
    expect(() => play('alarm-high')).not.toThrow();
    await settle();
    const error = log.lines.find((line) => line.level === 'error');
    expect(error).toMatchObject({ msg: 'alarm sound could not be played', kind: 'alarm-high' });
    expect(String(error?.failures)).toContain('aplay');
  });

  it('survives spawn itself throwing', async () => {
    const log = memoryLogger();
    const spawn: SpawnFn = () => {
      throw new Error('EAGAIN');
    };
    const play = createSoundPlayer({ soundsDir: '/s', platform: 'darwin', spawn, fileExists: () => true, log });
    expect(() => play('alarm-high')).not.toThrow();
    expect(log.lines.some((line) => line.level === 'error')).toBe(true);
  });

  it('logs a missing sound file instead of starting a player', () => {
    const spawn = vi.fn<SpawnFn>();
    const log = memoryLogger();
    createSoundPlayer({ soundsDir: '/nowhere', platform: 'linux', spawn, log })('alarm-high');
    expect(spawn).not.toHaveBeenCalled();
    expect(log.lines.find((line) => line.level === 'error')).toMatchObject({ msg: 'alarm sound file missing' });
  });
});
