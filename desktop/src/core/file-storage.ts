import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type CoreLogger, errorContext, silentLogger } from './logger';
import type { PersistedStation, StationStorage } from './storage';

/**
 * `StationStorage` as one JSON file in a directory the host chooses (the
 * app's per-user data directory). Node only: kept out of the core's other
 * modules so the core also runs in a browser page.
 *
 * Every save writes a temporary file, flushes it to disk and renames it over
 * the old one: a crash or power cut mid-write leaves the previous state, never
 * half a file. Saves run one at a time; the file holds patient names, so it is
 * created readable by the current user only.
 */
export interface FileStorageOptions {
  fileName?: string;
  logger?: CoreLogger;
}

const RENAME_ATTEMPTS = 5;

export function createFileStorage(directory: string, options: FileStorageOptions = {}): StationStorage & { readonly path: string } {
  const path = join(directory, options.fileName ?? 'station-state.json');
  const log = options.logger ?? silentLogger;
  let queue: Promise<void> = Promise.resolve();

  /** Runs file operations one after another, whatever happened to the previous one. */
  const serial = (operation: () => Promise<void>): Promise<void> => {
    const run = queue.then(operation, operation);
    queue = run.catch(() => undefined);
    return run;
  };

  const writeAtomically = async (data: PersistedStation) => {
    await mkdir(directory, { recursive: true });
    const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(JSON.stringify(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await rename(temporary, path);
        return;
      } catch (error) {
        // Windows refuses to replace a file another process (an antivirus scan) holds open for a moment.
        const code = (error as NodeJS.ErrnoException).code;
        if (attempt >= RENAME_ATTEMPTS || (code !== 'EPERM' && code !== 'EBUSY' && code !== 'EACCES')) {
          await rm(temporary, { force: true });
          throw error;
        }
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };

  return {
    path,
    async load() {
      await queue;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        log.error('station state file is not valid JSON; starting clean', { path, ...errorContext(error) });
        return undefined;
      }
    },
    save: (data) => serial(() => writeAtomically(data)),
    clear: () => serial(() => rm(path, { force: true })),
  };
}
