import { HttpException } from '@nestjs/common';

/** Exit codes of `npm run admin` (issue #11). */
export const ExitCode = { ok: 0, usage: 1, runtime: 2 } as const;

/**
 * A failure the operator can act on: its message says what is wrong, and
 * `exitCode` is 1 for bad input (usage, validation, not found, already
 * exists) or 2 for the environment (database or Redis unreachable).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * What to print and which code to exit with for anything a command threw.
 * The services answer bad input with Nest's HTTP exceptions (the same rules
 * as the REST routes): a 4xx is the operator's input (1); anything else is
 * the environment (2), reported by its message only, never a stack or a
 * connection string.
 */
export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof HttpException && error.getStatus() < 500) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? error.message);
    return { message, exitCode: ExitCode.usage };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: ExitCode.runtime };
}
