import type { Locale } from '@plantao/shared';
import { en } from './en';
import { type MessageKey, type Messages, ptBR } from './pt-BR';

const DICTIONARIES: Record<Locale, Messages> = { 'pt-BR': ptBR, en };

/**
 * The Intl locale for dates and numbers. English uses day/month order and a
 * 24-hour clock: the station is in a Brazilian hospital, where "03/04" is
 * the 3rd of April whatever language the nurse reads.
 */
const INTL_LOCALE: Record<Locale, string> = { 'pt-BR': 'pt-BR', en: 'en-GB' };

/** Keys that have `.one` and `.other` forms. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

export type Params = Readonly<Record<string, string | number>>;

export interface Translator {
  readonly locale: Locale;
  readonly timeZone: string;
  t(key: MessageKey, params?: Params): string;
  /** For open vocabularies (alert types, statuses): the text if `key` exists, else undefined. */
  maybe(key: string): string | undefined;
  /** The plural form of `key` for `count` (`{count}` is filled in). */
  plural(key: PluralKey, count: number, params?: Params): string;
  /** "14:05" in the hospital's time zone. */
  clock(epochMs: number): string;
  /** Date and time to the second, for the `title` of a relative time. */
  exact(epochMs: number): string;
  /** "há 2 min": coarse on purpose, read from two metres. */
  relative(epochMs: number, nowMs: number): string;
  /** "Ana e Bruno" / "Ana and Bruno". */
  list(items: readonly string[]): string;
}

const fill = (text: string, params: Params = {}): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));

export function createTranslator(locale: Locale, timeZone: string): Translator {
  const messages = DICTIONARIES[locale];
  const intl = INTL_LOCALE[locale];
  // An unknown zone (a server sending a zone this Chromium lacks) falls back to the PC's.
  const zone = isKnownTimeZone(timeZone) ? timeZone : undefined;
  const clockFormat = new Intl.DateTimeFormat(intl, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone });
  const exactFormat = new Intl.DateTimeFormat(intl, { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23', timeZone: zone });
  const plurals = new Intl.PluralRules(intl);
  const lists = new Intl.ListFormat(intl, { type: 'conjunction' });
  const t = (key: MessageKey, params?: Params): string => fill(messages[key], params);
  return {
    locale,
    timeZone,
    t,
    maybe: (key) => (Object.hasOwn(messages, key) ? messages[key as MessageKey] : undefined),
    plural: (key, count, params) => {
      const form = plurals.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}` as MessageKey, { ...params, count });
    },
    clock: (ms) => clockFormat.format(ms),
    exact: (ms) => exactFormat.format(ms),
    relative: (ms, now) => {
      const minutes = Math.floor((now - ms) / 60_000);
      if (minutes < 1) return t('time.now');
      if (minutes < 60) return t('time.minutes', { n: minutes });
      const hours = Math.floor(minutes / 60);
      if (hours < 24) return t('time.hours', { n: hours });
      return t('time.days', { n: Math.floor(hours / 24) });
    },
    list: (items) => lists.format(items),
  };
}

/**
 * One translator per language and zone for the whole screen. Building one
 * costs four Intl objects (milliseconds in Chromium), and every row of a
 * virtual list asks for it as it mounts: scrolling 10,000 alerts mounted a
 * row, and built a translator, every frame. Texts are immutable, so sharing is safe.
 */
const shared = new Map<string, Translator>();

export function sharedTranslator(locale: Locale, timeZone: string): Translator {
  const key = `${locale}|${timeZone}`;
  let translator = shared.get(key);
  if (translator === undefined) {
    translator = createTranslator(locale, timeZone);
    // Languages × zones a station sees in a session: a handful; the cap only guards against a misbehaving server.
    if (shared.size >= 16) shared.clear();
    shared.set(key, translator);
  }
  return translator;
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    // RangeError: this runtime does not know the zone.
    return false;
  }
}
