import nodeNotifier from 'node-notifier';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NotificationRequest } from '../../core/ports';
import { chooseNotificationBackend, createNotifications } from './index';
import { app, Notification } from '../../../test/support/fake-electron';
import { memoryLogger } from '../../../test/support/main-fakes';

vi.mock('electron', () => import('../../../test/support/fake-electron'));

const critical: NotificationRequest = {
  id: 'a1',
  alertId: 'a1',
  title: 'Alerta crítico — Leito 12',
  body: 'Paciente M.S. — Sintoma crítico',
  urgency: 'critical',
};

type NotifyCall = [Record<string, unknown>, (error: Error | string | null, response?: string) => void];

describe('notification backend choice', () => {
  it.each([
    ['darwin', true, 'electron'],
    ['win32', true, 'electron'],
    ['win32', false, 'node-notifier'],
    ['linux', true, 'node-notifier'],
    ['freebsd', false, 'node-notifier'],
  ] as const)('%s (Electron supported: %s) → %s', (platform, supported, expected) => {
    expect(chooseNotificationBackend(platform, supported)).toBe(expected);
  });
});

describe('notifications through node-notifier (Linux)', () => {
  let notify: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    // The real node-notifier module, with only its OS call replaced.
    notify = vi.spyOn(nodeNotifier, 'notify').mockImplementation(((_options: unknown, callback: NotifyCall[1]) => {
      callback(null, '');
      return nodeNotifier;
    }) as never);
  });
  afterEach(() => notify.mockRestore());

  it('sends title, body and urgency; a critical one stays until dismissed', () => {
    const show = createNotifications({
      appName: 'Plantão',
      appId: 'br.com.plantao.station',
      platform: 'linux',
      onClick: vi.fn(),
      log: memoryLogger(),
    });
    show(critical);
    const [options] = notify.mock.calls[0] as NotifyCall;
    expect(options).toMatchObject({
      title: 'Alerta crítico — Leito 12',
      message: 'Paciente M.S. — Sintoma crítico',
      urgency: 'critical',
      timeout: 0,
      'app-name': 'Plantão',
      hint: 'string:x-dunst-stack-tag:plantao-a1',
    });
    expect(app.setAppUserModelId).not.toHaveBeenCalled();
  });

  it('lets a normal notification expire, and keeps text from being markup or an option', () => {
    const show = createNotifications({ appName: 'Plantão', appId: 'x', platform: 'linux', onClick: vi.fn(), log: memoryLogger() });
    show({ id: 'n1', title: '-u low', body: '-- <b>dor</b> & febre', urgency: 'normal' });
    const [options] = notify.mock.calls[0] as NotifyCall;
    expect(options).toMatchObject({ title: ' -u low', message: ' -- &lt;b&gt;dor&lt;/b&gt; &amp; febre', urgency: 'normal', timeout: 10 });
  });

  it('logs a failing notify-send and does not throw', async () => {
    notify.mockImplementation(((_options: unknown, callback: NotifyCall[1]) => {
      callback(new Error('notify-send must be installed on the system.'));
      return nodeNotifier;
    }) as never);
    const log = memoryLogger();
    const show = createNotifications({ appName: 'Plantão', appId: 'x', platform: 'linux', onClick: vi.fn(), log });
    expect(() => show(critical)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.lines.find((line) => line.level === 'error')).toMatchObject({ msg: 'os notification failed', notificationId: 'a1' });
  });
});

describe("notifications through Electron's Notification (Windows, macOS)", () => {
  beforeEach(() => {
    Notification.instances.length = 0;
    Notification.supported = true;
  });

  it('sets the AppUserModelID on Windows, shows the toast, and a click opens the alert', () => {
    const onClick = vi.fn();
    const show = createNotifications({
      appName: 'Plantão',
      appId: 'br.com.plantao.station',
      platform: 'win32',
      onClick,
      log: memoryLogger(),
    });
    expect(app.setAppUserModelId).toHaveBeenCalledWith('br.com.plantao.station');
    show(critical);
    const shown = Notification.instances[0]!;
    expect(shown.options).toMatchObject({
      id: 'a1',
      title: critical.title,
      body: critical.body,
      urgency: 'critical',
      timeoutType: 'never',
      silent: true,
    });
    expect(shown.show).toHaveBeenCalled();
    shown.emit('click');
    expect(onClick).toHaveBeenCalledWith('a1');
  });

  it('replaces the notification of the same alert instead of stacking', () => {
    const show = createNotifications({ appName: 'Plantão', appId: 'x', platform: 'darwin', onClick: vi.fn(), log: memoryLogger() });
    show(critical);
    show({ ...critical, body: 'de novo' });
    expect(Notification.instances[0]?.close).toHaveBeenCalled();
    expect(Notification.instances[1]?.close).not.toHaveBeenCalled();
  });

  it('falls back to node-notifier when Electron notifications are unsupported', () => {
    Notification.supported = false;
    const notify = vi.spyOn(nodeNotifier, 'notify').mockImplementation((() => nodeNotifier) as never);
    createNotifications({ appName: 'Plantão', appId: 'br.com.plantao.station', platform: 'win32', onClick: vi.fn(), log: memoryLogger() })(
      critical,
    );
    expect(Notification.instances).toEqual([]);
    expect(notify.mock.calls[0]?.[0]).toMatchObject({ title: critical.title, message: critical.body, appID: 'br.com.plantao.station' });
    notify.mockRestore();
  });
});
