import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../../test/support/main-fakes';
import { stationIdentity } from './station-identity';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'plantao-station-id-'));
  dirs.push(dir);
  return dir;
};
const log = memoryLogger();

describe('stationIdentity (Electron host)', () => {
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('makes an id once and gives the same one at every start, with the computer name and the app version', () => {
    const userData = tempDir();
    const first = stationIdentity({ userData, appVersion: '1.2.3', log, host: 'PC-ENF-03' });
    expect(first).toEqual({ id: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'PC-ENF-03', host: 'PC-ENF-03', appVersion: '1.2.3' });
    const again = stationIdentity({ userData, appVersion: '1.2.4', log, host: 'PC-ENF-03' });
    expect(again.id).toBe(first.id);
    expect(JSON.parse(readFileSync(join(userData, 'station-id.json'), 'utf8'))).toEqual({ stationId: first.id });
  });

  it('replaces a damaged id file instead of sending garbage', () => {
    const userData = tempDir();
    writeFileSync(join(userData, 'station-id.json'), '{"stationId": ""}');
    const identity = stationIdentity({ userData, appVersion: '1.0.0', log, host: 'pc' });
    expect(identity.id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('leaves the name out when the computer has none', () => {
    const identity = stationIdentity({ userData: tempDir(), appVersion: '1.0.0', log, host: '  ' });
    expect(identity).not.toHaveProperty('name');
    expect(identity).not.toHaveProperty('host');
  });
});
