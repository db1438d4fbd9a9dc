import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The main process's one logger: JSON lines to a file in userData and to
 * stderr. Plain Node (no electron import) so pure modules can log too.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogContext = Record<string, unknown>;

export interface Logger {
  debug(msg: string, context?: LogContext): void;
  info(msg: string, context?: LogContext): void;
  warn(msg: string, context?: LogContext): void;
  error(msg: string, context?: LogContext): void;
  /** A logger that adds `bindings` (e.g. `{ module: 'tray' }`) to every line. */
  child(bindings: LogContext): Logger;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

interface Sink {
  write(line: string): void;
}

export interface LoggerOptions {
  /** Log file (appended); omit to log to stderr only. */
  file?: string;
  level?: LogLevel;
  stderr?: Sink;
}

/** Errors do not survive JSON.stringify: keep their name, message and stack. */
function serialize(value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const stderr = options.stderr ?? process.stderr;
  const threshold = RANK[options.level ?? 'info'];
  let file: WriteStream | undefined;
  if (options.file) {
    mkdirSync(dirname(options.file), { recursive: true });
    file = createWriteStream(options.file, { flags: 'a' });
    file.on('error', (error) => {
      stderr.write(`${JSON.stringify({ level: 'error', msg: 'log file unwritable', error: serialize(error) })}\n`);
      file = undefined;
    });
  }

  const make = (bindings: LogContext): Logger => {
    const write = (level: LogLevel, msg: string, context: LogContext = {}): void => {
      if (RANK[level] < threshold) return;
      const fields = Object.fromEntries(Object.entries({ ...bindings, ...context }).map(([k, v]) => [k, serialize(v)]));
      const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
      stderr.write(line);
      file?.write(line);
    };
    return {
      debug: (msg, context) => write('debug', msg, context),
      info: (msg, context) => write('info', msg, context),
      warn: (msg, context) => write('warn', msg, context),
      error: (msg, context) => write('error', msg, context),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return make({});
}
