import { readFile } from 'node:fs/promises';
import { extname, join, normalize, relative, isAbsolute } from 'node:path';
import { protocol } from 'electron';
import type { Logger } from './logger';

/**
 * The packaged renderer is served from `app://plantao/`, not `file://`: a
 * real origin for the CSP header and the navigation allowlist, and no
 * access to the rest of the disk.
 * @see https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
export const APP_SCHEME = 'app';
export const APP_URL = `${APP_SCHEME}://plantao/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** The file under `rendererDir` an `app://plantao/...` URL names, or undefined for anything outside it. */
export function rendererFileFor(rendererDir: string, url: string): string | undefined {
  let path: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== 'plantao') return undefined;
    path = decodeURIComponent(parsed.pathname);
  } catch {
    // A malformed URL or escape names no file.
    return undefined;
  }
  // Client-side routes (no extension) all load the single page.
  const name = path === '/' || extname(path) === '' ? 'index.html' : path;
  const file = normalize(join(rendererDir, name));
  const inside = relative(rendererDir, file);
  return inside.startsWith('..') || isAbsolute(inside) ? undefined : file;
}

export function serveRenderer(rendererDir: string, csp: string, log: Logger): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = rendererFileFor(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const headers = { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp };
      return new Response(await readFile(file), { headers });
    } catch (error) {
      log.warn('renderer file not served', { url: request.url, error });
      return new Response('Not found', { status: 404 });
    }
  });
}
