import type { App, Session, WebContents } from 'electron';
import type { Logger } from './logger';

/**
 * The renderer may run only its own scripts. In development the Vite dev
 * server needs an inline React-refresh preamble and its HMR websocket.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy
 */
export function contentSecurityPolicy(devServerUrl?: string): string {
  const dev = devServerUrl ? new URL(devServerUrl) : undefined;
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    dev ? `connect-src 'self' ws://${dev.host}` : "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** @see https://www.electronjs.org/docs/latest/tutorial/security#7-define-a-content-security-policy */
export function applyCspHeader(session: Session, csp: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

/** Only notifications; no camera, microphone, location, USB... @see https://www.electronjs.org/docs/latest/tutorial/security#5-handle-session-permission-requests-from-remote-content */
export function allowOnlyNotifications(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
}

/** @see https://www.electronjs.org/docs/latest/tutorial/security#14-disable-or-limit-creation-of-new-windows */
export function denyWindowOpen(contents: WebContents, log: Logger): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn('window.open denied', { url });
    return { action: 'deny' };
  });
}

/** @see https://www.electronjs.org/docs/latest/tutorial/security#13-disable-or-limit-navigation */
export function restrictNavigation(contents: WebContents, isAllowed: (url: string) => boolean, log: Logger): void {
  const guard = (event: { url: string; preventDefault(): void }): void => {
    if (isAllowed(event.url)) return;
    event.preventDefault();
    log.warn('navigation blocked', { url: event.url });
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

/** @see https://www.electronjs.org/docs/latest/tutorial/security#12-verify-webview-options-before-creation */
export function blockWebviews(contents: WebContents, log: Logger): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview blocked');
  });
}

/** Applies the per-page rules to every web contents the app ever creates. */
export function hardenAllWebContents(app: App, isAllowed: (url: string) => boolean, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    denyWindowOpen(contents, log);
    restrictNavigation(contents, isAllowed, log);
    blockWebviews(contents, log);
  });
}

/** Every rule above, for the default session and all web contents. */
export function applySecurityRules(options: {
  app: App;
  session: Session;
  csp: string;
  isAllowed(url: string): boolean;
  log: Logger;
}): void {
  applyCspHeader(options.session, options.csp);
  allowOnlyNotifications(options.session);
  hardenAllWebContents(options.app, options.isAllowed, options.log);
}
