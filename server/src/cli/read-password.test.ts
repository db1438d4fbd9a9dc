import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { readPassword } from './read-password';

/** A terminal as readline sees one: a TTY input with raw mode, an output that records what was shown. */
function terminal() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  const shown: string[] = [];
  const output = Object.assign(new PassThrough(), { isTTY: true });
  output.on('data', (chunk: Buffer) => shown.push(chunk.toString()));
  return { input, output, shown: () => shown.join('') };
}

describe('readPassword', () => {
  it('takes PLANTAO_ADMIN_PASSWORD when it is set, without asking', async () => {
    const tty = terminal();
    await expect(readPassword({ env: { PLANTAO_ADMIN_PASSWORD: 'cavalo correto bateria' }, ...tty })).resolves.toBe(
      'cavalo correto bateria',
    );
    expect(tty.shown()).toBe('');
  });

  it('refuses clearly when there is neither the variable nor a terminal (a script must not hang)', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const failure = readPassword({ env: {}, input, output });
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(/PLANTAO_ADMIN_PASSWORD/);
  });

  it('asks twice on a terminal without echoing what is typed', async () => {
    const tty = terminal();
    const answer = readPassword({ env: {}, ...tty });
    await new Promise((r) => setTimeout(r, 20));
    tty.input.write('cavalo correto bateria\r');
    await new Promise((r) => setTimeout(r, 20));
    tty.input.write('cavalo correto bateria\r');
    await expect(answer).resolves.toBe('cavalo correto bateria');
    expect(tty.shown()).toContain('Password: ');
    expect(tty.shown()).toContain('Repeat the password: ');
    expect(tty.shown()).not.toContain('cavalo');
  });

  it('refuses two different answers', async () => {
    const tty = terminal();
    const answer = readPassword({ env: {}, ...tty });
    await new Promise((r) => setTimeout(r, 20));
    tty.input.write('cavalo correto bateria\r');
    await new Promise((r) => setTimeout(r, 20));
    tty.input.write('cavalo errado bateria\r');
    await expect(answer).rejects.toThrow('the two passwords differ');
  });
});
