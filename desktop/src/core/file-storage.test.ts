import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileStorage } from './file-storage';
import { createMemoryStorage, type PersistedStation } from './storage';
import { memoryLogger } from '../../test/support/station-fakes';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'plantao-storage-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const state = (lastSeq: number): PersistedStation => ({ version: 1, tenantId: 't1', lastSeq, alerts: [] });

describe('file storage', () => {
  it('round-trips, in a directory it creates', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const storage = createFileStorage(dir);
    expect(await storage.load()).toBeUndefined();
    await storage.save(state(3));
    expect(await createFileStorage(dir).load()).toEqual(state(3));
  });

  it('writes atomically: no temp files left, the file is never half-written', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.save(state(i))));
    expect(readdirSync(dir)).toEqual(['station-state.json']);
    expect(JSON.parse(readFileSync(join(dir, 'station-state.json'), 'utf8'))).toEqual(state(19));
  });

  it('is readable by the current user only (POSIX)', async () => {
    if (process.platform === 'win32') return;
    const dir = tempDir();
    await createFileStorage(dir).save(state(1));
    expect(statSync(join(dir, 'station-state.json')).mode & 0o077).toBe(0);
  });

  it('a damaged file loads as "nothing saved" and is logged', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'station-state.json'), '{"version":1,');
    const log = memoryLogger();
    expect(await createFileStorage(dir, { logger: log }).load()).toBeUndefined();
    expect(log.lines[0]?.level).toBe('error');
  });

  it('clear removes the file', async () => {
    const dir = tempDir();
    const storage = createFileStorage(dir);
    await storage.save(state(1));
    await storage.clear();
    expect(readdirSync(dir)).toEqual([]);
    await storage.clear(); // clearing twice is fine
  });
});

describe('memory storage', () => {
  it('keeps a copy, not the caller’s object', async () => {
    const storage = createMemoryStorage();
    const data = state(1);
    await storage.save(data);
    data.lastSeq = 99;
    expect(await storage.load()).toEqual(state(1));
    await storage.clear();
    expect(await storage.load()).toBeUndefined();
  });
});
