import { describe, expect, it } from 'vitest';
import { describeZodError } from './errors';
import { CreateUserRequestSchema, isCommonPassword, NewPasswordSchema } from './users';

describe('password policy for new and reset passwords', () => {
  it.each([
    '12345678',
    '1234567890',
    'senha123',
    'senha123456',
    'Senha@2024!',
    'BRASIL12345',
    'brasil123',
    'p@ssw0rd123',
    's3nh@2024',
    'Enfermagem2025',
    'São Paulo 123',
    'qwertyuiop',
    'aaaaaaaaaaaa',
    '123mudar',
  ])('refuses %s', (password) => {
    expect(NewPasswordSchema.safeParse(password).success).toBe(false);
  });

  it.each(['correct-horse-battery-staple', 'long-enough-pass', 'plantao-enfermagem', 'cavalo azul come pastel', 'Xv9#qLm2pR'])(
    'accepts %s',
    (password) => {
      expect(isCommonPassword(password)).toBe(false);
      expect(NewPasswordSchema.safeParse(password).success).toBe(true);
    },
  );

  it('names the field and the reason', () => {
    const base = { email: 'ana.souza@h.example', name: 'Ana', role: 'nurse' };
    const short = CreateUserRequestSchema.safeParse({ ...base, password: 'Xq7#zw' });
    expect(short.success || describeZodError(short.error)).toBe('password: must be at least 10 characters');
    const common = CreateUserRequestSchema.safeParse({ ...base, password: 'senha123456' });
    expect(common.success || describeZodError(common.error)).toMatch(/^password: is too common/);
    const fromEmail = CreateUserRequestSchema.safeParse({ ...base, password: 'Ana.Souza-2024' });
    expect(fromEmail.success || describeZodError(fromEmail.error)).toBe('password: must not contain the e-mail address');
  });
});
