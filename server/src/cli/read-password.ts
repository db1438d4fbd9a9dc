import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { CliError } from './cli-error';

/** The variable the admin CLI reads a password from (README "Configuration"). */
export const PASSWORD_ENV = 'PLANTAO_ADMIN_PASSWORD';

export interface PasswordSource {
  env: NodeJS.ProcessEnv;
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * The password for a new admin or a reset: PLANTAO_ADMIN_PASSWORD when set
 * (scripts, containers), else typed twice on a terminal without echo, else
 * a clear error (a pipe is not asked: a password must not come from a file
 * by accident, nor hang a script).
 */
export async function readPassword(source: PasswordSource = { env: process.env, input: process.stdin, output: process.stderr }) {
  const fromEnv = source.env[PASSWORD_ENV];
  if (fromEnv) return fromEnv;
  if (!source.input.isTTY || !source.output.isTTY) {
    throw new CliError(`no password: set ${PASSWORD_ENV}, or run this command on a terminal to type it`);
  }
  const first = await askHidden(source, 'Password: ');
  const second = await askHidden(source, 'Repeat the password: ');
  if (first !== second) throw new CliError('the two passwords differ; nothing was changed');
  return first;
}

/**
 * One line read with echo off: readline still handles editing keys, but
 * what it writes back (the typed characters) goes to a muted stream.
 */
async function askHidden(source: PasswordSource, prompt: string): Promise<string> {
  source.output.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: source.input, output: muted, terminal: true });
  // Raw mode turns Ctrl+C into a readline event: without this the prompt would just hang.
  const cancelled = new Promise<never>((_, fail) => rl.once('SIGINT', () => fail(new CliError('cancelled; nothing was changed'))));
  try {
    return await Promise.race([rl.question(''), cancelled]);
  } finally {
    rl.close();
    source.output.write('\n');
  }
}
