import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import type { Logger } from './logger';

/**
 * A small JSON file in userData, validated on read. A missing file is
 * normal; a broken one is logged and ignored, never a crash.
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, log: Logger): T | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn('file unreadable', { file, error });
    return undefined;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log.warn('file ignored: invalid content', { file, issues: parsed.error.issues });
  } catch (error) {
    log.warn('file ignored: not JSON', { file, error });
  }
  return undefined;
}

/** Writes through a temporary file so a crash mid-write leaves the old file intact. */
export function writeJsonFile(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, file);
}
