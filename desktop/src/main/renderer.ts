import type { App, Session } from 'electron';
import { isAppUrl } from './app-url';
import type { Logger } from './logger';
import { rendererUrl } from './paths';
import { serveRenderer } from './renderer-protocol';
import { applySecurityRules, contentSecurityPolicy } from './security';

/**
 * Where the window's page comes from, served with its CSP and fenced by
 * every security rule. Call once the app is ready, before any window.
 */
export function prepareRenderer(options: { app: App; session: Session; rendererDir: string; log: Logger }): {
  url: string;
  isOwnUrl(url: string): boolean;
} {
  const { url, devServerUrl } = rendererUrl();
  const isOwnUrl = (candidate: string): boolean => isAppUrl(candidate, url);
  const csp = contentSecurityPolicy(devServerUrl);
  if (!devServerUrl) serveRenderer(options.rendererDir, csp, options.log);
  applySecurityRules({ app: options.app, session: options.session, csp, isAllowed: isOwnUrl, log: options.log });
  return { url, isOwnUrl };
}
