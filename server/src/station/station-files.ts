import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * Which file of the built browser station a request under `/station` names,
 * and the headers it leaves with. Pure: the controller does the I/O.
 */

/**
 * The page may run only its own scripts and styles and talk only to this
 * server (CSP 3: `connect-src 'self'` also allows the same-origin `ws:`/`wss:`
 * of the Socket.io link). No inline code anywhere in the build.
 */
export const STATION_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const STATION_INDEX = 'index.html';

/** Vite's content-hashed output: a changed file gets a new name, so it can be cached for good. */
const HASHED_DIR = 'assets';

/**
 * The file (relative to the station directory) for the URL path after
 * `/station`, or `undefined` when the path tries to leave the directory or
 * names a hidden file. Extension-less paths are the page's own routes: they
 * all get `index.html`.
 */
export function stationFileFor(stationDir: string, rawPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // A malformed escape names no file.
    return undefined;
  }
  if (path.includes('\0') || path.includes('\\')) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '');
  // `..`, `.` and dotfiles are never served, encoded or not (no redirects to "fix" them either).
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  const last = segments.at(-1);
  if (last === undefined || !last.includes('.')) return STATION_INDEX;
  const name = segments.join('/');
  const inside = relative(stationDir, join(stationDir, name));
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return undefined;
  return name;
}

/** Headers for every answer under `/station`, files and errors alike. */
export function stationHeaders(file: string | undefined): Record<string, string> {
  const cache =
    file === undefined || file === STATION_INDEX
      ? // The page must pick up a new build at once: always revalidate (ETag).
        'no-cache'
      : file.startsWith(`${HASHED_DIR}/`)
        ? 'public, max-age=31536000, immutable'
        : // Sounds, icons: stable names, so revalidate too.
          'no-cache';
  return {
    'Content-Security-Policy': STATION_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': cache,
  };
}
