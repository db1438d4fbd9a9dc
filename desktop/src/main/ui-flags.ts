import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';
import type { Logger } from './logger';

const FlagsSchema = z.record(z.string(), z.boolean());

/** A yes/no remembered across restarts (e.g. "the close-to-tray warning was shown"). */
export function persistedFlag(file: string, name: string, log: Logger): { get(): boolean; set(): void } {
  return {
    get: () => readJsonFile(file, FlagsSchema, log)?.[name] === true,
    set: () => {
      try {
        writeJsonFile(file, { ...readJsonFile(file, FlagsSchema, log), [name]: true });
      } catch (error) {
        log.warn('flag not saved', { file, name, error });
      }
    },
  };
}
