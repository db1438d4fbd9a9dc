import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { applyStartAtLogin, linuxAutostartEntry } from './auto-launch';
import { app } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('start at login', () => {
  it('uses login items on Windows and macOS, starting hidden', () => {
    applyStartAtLogin(true, { name: 'Plantão', platform: 'win32', log: memoryLogger() });
    expect(app.setLoginItemSettings).toHaveBeenLastCalledWith({ openAtLogin: true, args: ['--hidden'] });
  });

  it('writes and removes an XDG autostart entry on Linux', () => {
    const config = tmp('plantao-xdg-');
    vi.stubEnv('XDG_CONFIG_HOME', config);
    const file = join(config, 'autostart', 'plantao.desktop');
    applyStartAtLogin(true, { name: 'Plantão', platform: 'linux', log: memoryLogger() });
    expect(readFileSync(file, 'utf8')).toContain(' --hidden');
    applyStartAtLogin(false, { name: 'Plantão', platform: 'linux', log: memoryLogger() });
    expect(existsSync(file)).toBe(false);
    vi.unstubAllEnvs();
  });

  it('quotes the executable path in the entry', () => {
    expect(linuxAutostartEntry('/opt/Plantão/plantao', 'Plantão')).toContain('Exec="/opt/Plantão/plantao" --hidden');
  });
});
