import { Logger, PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { type AppConfig, ConfigError } from '../config/app-config';
import { loggerOptions } from './logger-options';

/**
 * Nest's own logger while the app is being built, the same pino (JSON) the app
 * then uses: without it, what Nest logs before `useLogger` (its
 * "dependencies initialized" lines, and the error when a module fails to start,
 * e.g. a database it cannot reach) comes out as coloured text.
 */
export function bootstrapLogger(config: AppConfig): Logger {
  const params = loggerOptions(config);
  return new Logger(new PinoLogger(params), params);
}

/**
 * A start-up failure as one JSON line on stderr (the shape of every other log
 * line), written synchronously so it is out before the process exits. A bad
 * configuration is the operator's to fix: its message names the variable and
 * there is no stack; anything else keeps its stack.
 */
export function logStartupFailure(error: unknown): void {
  const logger = pino(pino.destination({ dest: 2, sync: true }));
  if (error instanceof ConfigError) logger.fatal({ context: 'Bootstrap', code: 'invalid_configuration' }, error.message);
  else logger.fatal({ context: 'Bootstrap', err: error }, 'start-up failed');
}
