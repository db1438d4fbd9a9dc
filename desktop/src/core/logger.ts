/**
 * The logger the core writes to. Structurally the subset of the main
 * process's logger (desktop/src/main/logger.ts) the core needs, so the host
 * passes its own; the core never writes to the console by itself except
 * through `consoleLogger` when the host gives none.
 */
export type LogContext = Record<string, unknown>;

export interface CoreLogger {
  debug(msg: string, context?: LogContext): void;
  info(msg: string, context?: LogContext): void;
  warn(msg: string, context?: LogContext): void;
  error(msg: string, context?: LogContext): void;
}

/**
 * Fallback when the host passes no logger (the Electron main passes its own):
 * problems still surface (warn and error) rather than vanish; chatter does not.
 * The console is the only sink common to Node and a browser page.
 */
export const consoleLogger: CoreLogger = {
  debug: () => undefined,
  info: () => undefined,
  // eslint-disable-next-line no-console -- last-resort sink when the host gave no logger
  warn: (msg, context) => console.warn(`[plantao-core] ${msg}`, context ?? ''),
  // eslint-disable-next-line no-console -- last-resort sink when the host gave no logger
  error: (msg, context) => console.error(`[plantao-core] ${msg}`, context ?? ''),
};

export const silentLogger: CoreLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Errors do not survive structured logging as-is: keep what helps. */
export function errorContext(error: unknown): LogContext {
  return error instanceof Error ? { err: error.message, errName: error.name } : { err: String(error) };
}
