import { describe, expect, it } from 'vitest';
import { en } from './en';
import { ptBR } from './pt-BR';
import { createTranslator, sharedTranslator } from './translator';

describe('i18n', () => {
  it('has every pt-BR key in English, and no other', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ptBR).sort());
    for (const [key, text] of Object.entries(en)) expect(text, key).not.toBe('');
  });

  it('keeps the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(ptBR) as (keyof typeof ptBR)[]) expect(placeholders(en[key]), key).toEqual(placeholders(ptBR[key]));
  });

  it('formats times in the hospital time zone, 24-hour, and relative times coarsely', () => {
    const t = createTranslator('pt-BR', 'America/Sao_Paulo');
    const at = Date.parse('2025-03-10T17:05:00Z');
    expect(t.clock(at)).toBe('14:05');
    expect(createTranslator('en', 'America/Sao_Paulo').clock(at)).toBe('14:05');
    expect(t.relative(at, at + 30_000)).toBe('agora');
    expect(t.relative(at, at + 2 * 60_000)).toBe('há 2 min');
    expect(t.relative(at, at + 3 * 3_600_000)).toBe('há 3 h');
    expect(createTranslator('en', 'America/Sao_Paulo').relative(at, at + 2 * 60_000)).toBe('2 min ago');
  });

  it('picks plural forms and lists names', () => {
    const t = createTranslator('pt-BR', 'America/Sao_Paulo');
    expect(t.plural('alerts.unread', 1)).toBe('1 não lido');
    expect(t.plural('alerts.unread', 3)).toBe('3 não lidos');
    expect(t.list(['Ana', 'Bruno'])).toBe('Ana e Bruno');
    expect(createTranslator('en', 'America/Sao_Paulo').list(['Ana', 'Bruno'])).toBe('Ana and Bruno');
  });

  it('shares one translator per language and zone (rows of a long list ask for it as they mount)', () => {
    const t = sharedTranslator('pt-BR', 'America/Sao_Paulo');
    expect(sharedTranslator('pt-BR', 'America/Sao_Paulo')).toBe(t);
    expect(sharedTranslator('en', 'America/Sao_Paulo')).not.toBe(t);
    expect(sharedTranslator('pt-BR', 'America/Manaus').clock(Date.parse('2025-03-10T17:05:00Z'))).toBe('13:05');
  });

  it('falls back to the PC zone rather than failing on an unknown time zone', () => {
    expect(() => createTranslator('pt-BR', 'Mars/Olympus').clock(0)).not.toThrow();
  });
});
