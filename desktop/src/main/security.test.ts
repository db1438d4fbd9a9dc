import type { App, Session, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { isAppUrl } from './app-url';
import { allowOnlyNotifications, applyCspHeader, contentSecurityPolicy, hardenAllWebContents, restrictNavigation } from './security';
import { app, fakeEvent, FakeWebContents, session } from '../../test/support/fake-electron';
import { memoryLogger } from '../../test/support/main-fakes';

vi.mock('electron', () => import('../../test/support/fake-electron'));

const APP = 'app://plantao/index.html';
const own = (url: string): boolean => isAppUrl(url, APP);

function hardenedContents(): FakeWebContents {
  app.removeAllListeners('web-contents-created');
  hardenAllWebContents(app as unknown as App, own, memoryLogger());
  const contents = new FakeWebContents();
  app.emit('web-contents-created', fakeEvent(), contents);
  return contents;
}

describe('security rules', () => {
  it('denies every window.open', () => {
    const contents = hardenedContents();
    expect(contents.windowOpenHandler?.({ url: 'https://phishing.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: APP })).toEqual({ action: 'deny' });
  });

  it.each(['will-navigate', 'will-redirect'])('%s: blocks foreign origins, allows our own', (eventName) => {
    const contents = hardenedContents();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)']) {
      const event = fakeEvent({ url });
      contents.emit(eventName, event);
      expect(event.defaultPrevented, url).toBe(true);
    }
    const ours = fakeEvent({ url: 'app://plantao/index.html#/alerts/a1' });
    contents.emit(eventName, ours);
    expect(ours.defaultPrevented).toBe(false);
  });

  it('blocks <webview>', () => {
    const contents = hardenedContents();
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('allows navigation within the dev server origin only', () => {
    const contents = new FakeWebContents();
    restrictNavigation(contents as unknown as WebContents, (url) => isAppUrl(url, 'http://localhost:5173/'), memoryLogger());
    const dev = fakeEvent({ url: 'http://localhost:5173/settings' });
    const other = fakeEvent({ url: 'http://localhost:8080/' });
    contents.emit('will-navigate', dev);
    contents.emit('will-navigate', other);
    expect([dev.defaultPrevented, other.defaultPrevented]).toEqual([false, true]);
  });

  it('sets a CSP header allowing only our own scripts', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("script-src 'self'");
    expect(csp.split('; ').find((rule) => rule.startsWith('script-src'))).toBe("script-src 'self'");
    expect(csp).toContain("object-src 'none'");

    applyCspHeader(session.defaultSession as unknown as Session, csp);
    const listener = session.defaultSession.webRequest.onHeadersReceived.mock.calls.at(-1)?.[0] as (
      details: { responseHeaders: Record<string, string[]> },
      callback: (response: { responseHeaders: Record<string, string[]> }) => void,
    ) => void;
    const callback = vi.fn();
    listener({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({ responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [csp] } });
  });

  it('relaxes the CSP only for the Vite dev server', () => {
    const dev = contentSecurityPolicy('http://localhost:5173');
    expect(dev).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('grants notifications and denies every other permission', () => {
    allowOnlyNotifications(session.defaultSession as unknown as Session);
    const request = session.defaultSession.setPermissionRequestHandler.mock.calls.at(-1)?.[0] as (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
    ) => void;
    const check = session.defaultSession.setPermissionCheckHandler.mock.calls.at(-1)?.[0] as (
      contents: unknown,
      permission: string,
    ) => boolean;
    for (const permission of ['media', 'geolocation', 'openExternal', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      request(null, permission, callback);
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(check(null, permission)).toBe(false);
    }
    const callback = vi.fn();
    request(null, 'notifications', callback);
    expect(callback).toHaveBeenCalledWith(true);
  });
});
