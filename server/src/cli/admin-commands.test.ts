import { describe, expect, it } from 'vitest';
import { validate } from './admin-commands';
import { CliError } from './cli-error';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('admin CLI input checks (before any database is opened)', () => {
  it('takes a tenant id exactly as given, and refuses a padded or empty one', () => {
    expect(validate.tenant('hospital-1')).toBe('hospital-1');
    expect(refusal(() => validate.tenant(' hospital-1'))).toEqual({ message: expect.stringContaining('--tenant') as unknown, exitCode: 1 });
    expect(refusal(() => validate.tenant('')).message).toContain('--tenant');
  });

  it('lower-cases e-mails and names the option of a bad one', () => {
    expect(validate.email('Ana.Souza@H.example')).toBe('ana.souza@h.example');
    expect(refusal(() => validate.email('ana')).message).toContain('--email');
  });

  it('trims names and refuses an empty one', () => {
    expect(validate.name('  Ana Souza ')).toBe('Ana Souza');
    expect(refusal(() => validate.name('   ')).message).toContain('--name');
  });

  it("applies the password policy of POST /api/users: length, common passwords, the e-mail's name", () => {
    expect(validate.password('cavalo correto bateria', 'ana.souza@h.example')).toBe('cavalo correto bateria');
    expect(refusal(() => validate.password('curta', 'a@h.example')).message).toMatch(/^password: must be at least 10 characters/);
    expect(refusal(() => validate.password('senha123456', 'a@h.example')).message).toMatch(/^password: is too common/);
    expect(refusal(() => validate.password('ana.souza-2024!', 'ana.souza@h.example')).message).toBe(
      'password: must not contain the e-mail address',
    );
  });
});
