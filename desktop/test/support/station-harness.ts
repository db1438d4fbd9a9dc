import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStation, type StationOptions } from '../../src/core/create-station';
import { createFileStorage } from '../../src/core/file-storage';
import type { StationCore } from '../../src/core/station-core';
import { createMemoryStorage, type StationStorage } from '../../src/core/storage';
import { memoryLogger, recordingOutputs, type RecordingOutputs } from './station-fakes';

/** A real station core (real socket, real timers) with recorded outputs. */
export interface TestStation {
  core: StationCore;
  outputs: RecordingOutputs;
  log: ReturnType<typeof memoryLogger>;
  storage: StationStorage;
  /** Ids of alerts that got a notification of their own. */
  notifiedAlertIds(): string[];
  /** Bodies of catch-up summaries. */
  summaries(): string[];
}

const cleanups: Array<() => Promise<void> | void> = [];

export function testStation(serverUrl: string, options: Partial<StationOptions> = {}): TestStation {
  const outputs = recordingOutputs();
  const log = memoryLogger();
  const storage = options.storage ?? createMemoryStorage();
  const core = createStation({
    serverUrl,
    storage,
    outputs,
    logger: log,
    // Fast retries keep the tests short; jitter stays on.
    backoff: { minMs: 200, maxMs: 1_000, jitter: 0.5 },
    ...options,
  });
  cleanups.push(() => core.stop());
  return {
    core,
    outputs,
    log,
    storage,
    notifiedAlertIds: () => outputs.notifications.flatMap((n) => (n.alertId ? [n.alertId] : [])),
    summaries: () => outputs.notifications.filter((n) => n.id === 'plantao:catch-up').map((n) => n.body),
  };
}

export function tempStorageDir(): { dir: string; storage: () => StationStorage } {
  const dir = mkdtempSync(join(tmpdir(), 'plantao-station-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, storage: () => createFileStorage(dir) };
}

/** Stops every station created since the last call (afterEach). */
export async function stopStations(): Promise<void> {
  const pending = cleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
}
