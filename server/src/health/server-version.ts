import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * server/package.json's `version`, found from this file's own place
 * (src/health under vitest, dist/health when built: the same depth). A
 * missing or unreadable file reads as "unknown" rather than stopping start-up.
 */
function readVersion(): string {
  try {
    const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as { version?: unknown };
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export const SERVER_VERSION = readVersion();
