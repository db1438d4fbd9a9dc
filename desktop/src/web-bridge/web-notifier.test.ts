import { describe, expect, it, vi } from 'vitest';
import type { NotificationRequest } from '../core/ports';
import { fakeNotifications, recordingLogger } from './test-support/fakes';
import { createWebNotifier } from './web-notifier';

const critical: NotificationRequest = {
  id: 'a1',
  alertId: 'a1',
  title: 'Alerta crítico — Leito 12A',
  body: 'Paciente M.A.S. — Sintoma crítico',
  urgency: 'critical',
};

function setup(permission: NotificationPermission = 'granted') {
  const notifications = fakeNotifications(permission);
  const focus = vi.fn();
  const clicked: (string | undefined)[] = [];
  const log = recordingLogger();
  const notifier = createWebNotifier({ api: notifications.api, focus, onClick: (id) => clicked.push(id), logger: log.logger });
  return { notifications, focus, clicked, log, notifier };
}

describe('web notifier', () => {
  it('shows an OS notification that stays for critical alerts and makes no sound of its own', () => {
    const { notifier, notifications } = setup();
    notifier.notify(critical);
    notifier.notify({ id: 'b2', title: 'Alerta moderado', body: 'Paciente J.C.P. — Medicação', urgency: 'normal' });
    expect(notifications.shown.map((n) => [n.title, n.options])).toEqual([
      [critical.title, { body: critical.body, tag: 'a1', requireInteraction: true, silent: true }],
      ['Alerta moderado', { body: 'Paciente J.C.P. — Medicação', tag: 'b2', requireInteraction: false, silent: true }],
    ]);
  });

  it('replaces a notification with the same id instead of stacking', () => {
    const { notifier, notifications } = setup();
    notifier.notify(critical);
    notifier.notify({ ...critical, title: 'again' });
    expect(notifications.open().map((n) => n.title)).toEqual(['again']);
  });

  it('on click: brings the page forward and opens the alert', () => {
    const { notifier, notifications, focus, clicked } = setup();
    notifier.notify(critical);
    notifier.notify({ id: 'catch-up', title: '3 alertas', body: '', urgency: 'normal' });
    notifications.shown[0]?.onclick?.();
    notifications.shown[1]?.onclick?.();
    expect(focus).toHaveBeenCalledTimes(2);
    expect(clicked).toEqual(['a1', undefined]);
    expect(notifications.open()).toEqual([]);
  });

  it('without permission shows nothing and logs every alert that could not be shown', () => {
    const { notifier, notifications, log } = setup('denied');
    notifier.notify(critical);
    expect(notifications.shown).toEqual([]);
    expect(log.messages('warn')).toEqual(['notifications not allowed in this browser; alert not shown outside the page']);
  });

  it('asks for permission once, and only when the browser has not been answered yet', () => {
    const asked = setup('default');
    asked.notifier.requestPermission();
    asked.notifier.requestPermission();
    expect(asked.notifications.api.requestPermission).toHaveBeenCalledTimes(1);
    const answered = setup('denied');
    answered.notifier.requestPermission();
    expect(answered.notifications.api.requestPermission).not.toHaveBeenCalled();
  });

  it('closes everything on sign-out', () => {
    const { notifier, notifications } = setup();
    notifier.notify(critical);
    notifier.notify({ ...critical, id: 'a2', alertId: 'a2' });
    notifier.closeAll();
    expect(notifications.open()).toEqual([]);
  });

  it('works in a browser without notifications', () => {
    const log = recordingLogger();
    const notifier = createWebNotifier({ api: undefined, focus: vi.fn(), onClick: vi.fn(), logger: log.logger });
    notifier.requestPermission();
    notifier.notify(critical);
    expect(log.messages('warn')).toHaveLength(1);
  });
});
