import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserWindow as ElectronWindow } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { persistedFlag } from './ui-flags';
import { hideOnClose, trackQuitting } from './close-to-tray';
import { createMainWindow } from './window';
import { app, BrowserWindow, dialog, fakeEvent } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const text = () => ({ title: 'O Plantão continua aberto', message: 'continua', detail: 'alertas continuam', ok: 'OK' });

describe('main window', () => {
  beforeEach(() => {
    dialog.showMessageBox.mockClear();
    app.removeAllListeners();
  });

  it('is isolated and sandboxed, with our preload', () => {
    const window = createMainWindow({
      preload: '/app/preload.cjs',
      url: 'app://plantao/index.html',
      title: 'Plantão',
      show: true,
      log: memoryLogger(),
    });
    const fake = window as unknown as BrowserWindow;
    expect(fake.options.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(fake.loadURL).toHaveBeenCalledWith('app://plantao/index.html');
    fake.emit('ready-to-show');
    expect(fake.show).toHaveBeenCalled();
  });

  it('takes the app icon when given one, and leaves Electron its default otherwise', () => {
    const withIcon = createMainWindow({
      preload: '/p.cjs',
      url: 'app://plantao/index.html',
      title: 'Plantão',
      show: false,
      log: memoryLogger(),
      icon: '/app/assets/icons/app-256.png',
    });
    expect((withIcon as unknown as BrowserWindow).options.icon).toBe('/app/assets/icons/app-256.png');
    const without = createMainWindow({
      preload: '/p.cjs',
      url: 'app://plantao/index.html',
      title: 'Plantão',
      show: false,
      log: memoryLogger(),
    });
    expect((without as unknown as BrowserWindow).options).not.toHaveProperty('icon');
  });

  it('stays hidden when started at login', () => {
    const window = createMainWindow({
      preload: '/p.cjs',
      url: 'app://plantao/index.html',
      title: 'Plantão',
      show: false,
      log: memoryLogger(),
    });
    (window as unknown as BrowserWindow).emit('ready-to-show');
    expect((window as unknown as BrowserWindow).show).not.toHaveBeenCalled();
  });

  it('reloads a crashed renderer: the view comes back by itself', () => {
    const window = createMainWindow({
      preload: '/p.cjs',
      url: 'app://plantao/index.html',
      title: 'Plantão',
      show: true,
      log: memoryLogger(),
    });
    const fake = window as unknown as BrowserWindow;
    fake.webContents.emit('render-process-gone', fakeEvent(), { reason: 'crashed' });
    expect(fake.webContents.reload).toHaveBeenCalled();
  });

  it('closing hides to the tray and warns once, remembered across restarts', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'plantao-flags-')), 'ui-flags.json');
    const log = memoryLogger();
    const first = new BrowserWindow();
    hideOnClose(first as unknown as ElectronWindow, {
      isQuitting: () => false,
      warned: persistedFlag(file, 'closeWarningShown', log),
      text,
    });

    const close = fakeEvent();
    first.emit('close', close);
    expect(close.defaultPrevented).toBe(true);
    expect(first.hide).toHaveBeenCalledOnce();
    expect(dialog.showMessageBox).toHaveBeenCalledOnce();
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ title: text().title, detail: text().detail }));

    first.emit('close', fakeEvent());
    expect(first.hide).toHaveBeenCalledTimes(2);
    expect(dialog.showMessageBox).toHaveBeenCalledOnce();

    // Next start of the app: same flag file, no warning again.
    const second = new BrowserWindow();
    hideOnClose(second as unknown as ElectronWindow, {
      isQuitting: () => false,
      warned: persistedFlag(file, 'closeWarningShown', log),
      text,
    });
    second.emit('close', fakeEvent());
    expect(second.hide).toHaveBeenCalledOnce();
    expect(dialog.showMessageBox).toHaveBeenCalledOnce();
  });

  it('really closes when the app quits', () => {
    const isQuitting = trackQuitting();
    const window = new BrowserWindow();
    hideOnClose(window as unknown as ElectronWindow, { isQuitting, warned: { get: () => false, set: vi.fn() }, text });
    app.emit('before-quit');
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
    expect(window.hide).not.toHaveBeenCalled();
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('lets Windows close it at logoff or shutdown', () => {
    const window = new BrowserWindow();
    hideOnClose(window as unknown as ElectronWindow, { isQuitting: () => false, warned: { get: () => true, set: vi.fn() }, text });
    window.emit('session-end');
    const close = fakeEvent();
    window.emit('close', close);
    expect(close.defaultPrevented).toBe(false);
  });
});
