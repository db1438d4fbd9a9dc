import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AlarmOutputs, SoundKind } from '../core/ports';
import type { Logger } from './logger';

export interface PlayerCommand {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export type SpawnFn = (command: string, args: string[], options: SpawnOptions) => ChildProcess;

/** A player still running after this long is stuck (e.g. a hung audio server). */
const PLAYER_TIMEOUT_MS = 30_000;

/** PulseAudio's 100 % (`PA_VOLUME_NORM`). */
const PULSE_FULL_VOLUME = 65_536;

/**
 * The players to try, in order, for a WAV file on this OS. Windows gets the
 * path through the environment, so no quoting of it reaches PowerShell.
 * `fullVolume` (the escalated alarm, issue #9): where the player can, the
 * stream plays at 100 % whatever level the mixer remembered for Plantão.
 */
export function playerCommands(platform: NodeJS.Platform, file: string, fullVolume = false): PlayerCommand[] {
  switch (platform) {
    case 'darwin':
      return [{ command: 'afplay', args: [file] }];
    case 'win32':
      return [
        {
          command: 'powershell.exe',
          args: ['-NoProfile', '-NonInteractive', '-Command', '(New-Object Media.SoundPlayer $env:PLANTAO_SOUND).PlaySync()'],
          env: { PLANTAO_SOUND: file },
        },
      ];
    default:
      // PulseAudio/PipeWire first; plain ALSA on stations without a sound server.
      return [
        { command: 'paplay', args: fullVolume ? [`--volume=${PULSE_FULL_VOLUME}`, file] : [file] },
        { command: 'aplay', args: ['-q', file] },
      ];
  }
}

export interface SoundOptions {
  /** Folder with `<kind>.wav`. */
  soundsDir: string;
  platform?: NodeJS.Platform;
  spawn?: SpawnFn;
  fileExists?: (path: string) => boolean;
  log: Logger;
}

/** `AlarmOutputs.playSound`: a player problem is logged, never thrown. */
export function createSoundPlayer(options: SoundOptions): AlarmOutputs['playSound'] {
  const spawn = options.spawn ?? nodeSpawn;
  const fileExists = options.fileExists ?? existsSync;
  const platform = options.platform ?? process.platform;

  const tryPlayers = (kind: SoundKind, players: PlayerCommand[], failures: string[]): void => {
    const [player, ...rest] = players;
    if (!player) {
      options.log.error('alarm sound could not be played', { kind, failures });
      return;
    }
    const fail = (why: string): void => tryPlayers(kind, rest, [...failures, `${player.command}: ${why}`]);
    let child: ChildProcess;
    try {
      child = spawn(player.command, player.args, {
        stdio: 'ignore',
        windowsHide: true,
        timeout: PLAYER_TIMEOUT_MS,
        env: { ...process.env, ...player.env },
      });
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
      return;
    }
    let settled = false;
    child.once('error', (error) => {
      if (!settled) fail(error.message);
      settled = true;
    });
    child.once('exit', (code, signal) => {
      if (!settled && code !== 0) fail(signal ? `killed by ${signal}` : `exit code ${String(code)}`);
      settled = true;
    });
  };

  return (kind) => {
    const file = join(options.soundsDir, `${kind}.wav`);
    if (!fileExists(file)) {
      options.log.error('alarm sound file missing', { kind, file });
      return;
    }
    tryPlayers(kind, playerCommands(platform, file, kind === 'alarm-escalated'), []);
  };
}
