import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Result as AxeResult } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { beforeAll, beforeEach, expect } from 'vitest';
import { PASSWORD } from '@plantao/server/test-support';
import { SETTINGS_KEY } from '../../src/web-bridge/browser-settings';

/**
 * The browser station (desktop/src/web-bridge: the renderer and the station
 * core in a page, served by the real server at `/station`) driven by Debian's
 * Chromium through playwright-core. Elements are found the way a screen
 * reader finds them: by role and accessible name (the issue's contract).
 */

/** `npm run build` writes the browser station here; the server serves it (STATION_DIR). */
export const STATION_DIR = resolve(__dirname, '../../dist/station');
export const SCREENSHOT_DIR = resolve(__dirname, '../e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Fails (never skips) when the station was not built. */
export function requireBuiltStation(): string {
  const index = resolve(STATION_DIR, 'index.html');
  if (!existsSync(index)) {
    throw new Error(
      `The browser station is not built: ${index} is missing. ` +
        'Run `npm run build` (npm test does it before vitest); the station screen acceptance suite cannot run without it.',
    );
  }
  return STATION_DIR;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export const FULL_HD = { width: 1920, height: 1080 } as const;
export const SMALL_SCREEN = { width: 1366, height: 768 } as const;

export type Locale = 'pt-BR' | 'en';

/** The words the tests look for, per UI language (the issue's exact accessible names). */
export const WORDS = {
  'pt-BR': {
    email: 'E-mail',
    password: 'Senha',
    signIn: 'Entrar',
    server: 'Servidor',
    alerts: 'Alertas',
    patients: 'Pacientes',
    conversation: 'Conversa',
    markRead: 'Marcar como lida',
    acknowledge: 'Reconhecer',
    readBy: 'Lida por',
    acknowledgedBy: 'Reconhecido por',
    assume: 'Assumir',
    resolve: 'Resolver',
    message: 'Mensagem',
    send: 'Enviar',
    sending: 'enviando',
    sent: 'enviada',
    failed: 'falhou',
    connected: 'Conectado',
    reconnecting: 'Reconectando…',
    disconnected: 'Desconectado desde',
    silence: 'Silenciar 2 min',
    settings: 'Configurações',
    language: 'Idioma',
    close: 'Fechar',
    pinned: 'Críticos não reconhecidos',
    bed: 'Leito',
    unreadCount: /(\d+) não lidos?/,
    banner: /Desconectado desde \d{2}:\d{2} — os alertas podem não chegar/,
    all: 'Todos',
    unread: 'Não lidos',
    critical: 'Críticos',
    severity: { critical: 'CRÍTICO', high: 'ALTO', medium: 'MÉDIO', low: 'BAIXO' },
  },
  en: {
    email: 'Email',
    password: 'Password',
    signIn: 'Sign in',
    server: 'Server',
    alerts: 'Alerts',
    patients: 'Patients',
    conversation: 'Conversation',
    markRead: 'Mark as read',
    acknowledge: 'Acknowledge',
    readBy: 'Read by',
    acknowledgedBy: 'Acknowledged by',
    assume: 'Take over',
    resolve: 'Resolve',
    message: 'Message',
    send: 'Send',
    sending: 'sending',
    sent: 'sent',
    failed: 'failed',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    disconnected: 'Disconnected since',
    silence: 'Silence 2 min',
    settings: 'Settings',
    language: 'Language',
    close: 'Close',
    pinned: 'Unacknowledged critical alerts',
    bed: 'Bed',
    unreadCount: /(\d+) unread/,
    banner: /Disconnected since \d{1,2}:\d{2}( [AP]M)? — alerts may not arrive/,
    all: 'All',
    unread: 'Unread',
    critical: 'Critical',
    severity: { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW' },
  },
} as const;

export interface Station {
  context: BrowserContext;
  page: Page;
  /** Messages of every alert()/confirm()/prompt() the page raised (dismissed at once). */
  dialogs: string[];
  /** Uncaught page errors, for failure messages. */
  errors: string[];
  words: (typeof WORDS)[Locale];
  /** Region `Alertas`. */
  alerts(): Locator;
  /** Alert articles in `Alertas` showing this text. */
  alert(text: string | RegExp): Locator;
  /** Region `Críticos não reconhecidos` (the pinned strip), its articles showing this text. */
  pinned(text?: string | RegExp): Locator;
  /** Region `Pacientes`. */
  patients(): Locator;
  /** Region `Conversa`. */
  conversation(): Locator;
  /** The connection status (role `status` reading Conectado / Reconectando… / Desconectado desde HH:MM). */
  connection(): Locator;
  /** How many sounds the page started (Web Audio sources and media elements). */
  plays(): Promise<number>;
  /** The peak sample level (0–1) of each Web Audio sound started, in order. */
  playPeaks(): Promise<number[]>;
  /** Switch the words the helpers look for (after changing the UI language). */
  useLocale(locale: Locale): void;
  close(): Promise<void>;
}

/**
 * Counts every sound the page starts: the web bridge plays the alarm WAVs
 * through Web Audio (AudioBufferSourceNode.start); media elements and other
 * scheduled sources are counted too, so a change of technique is still seen.
 */
function instrumentAudio() {
  const w = window as unknown as { __plays: { kind: string; at: number; peak?: number }[] };
  w.__plays = [];
  /** The loudest sample of a Web Audio buffer (the escalated alarm is the critical one, louder: issue #9). */
  const peakOf = (node: unknown): number | undefined => {
    const buffer = (node as { buffer?: AudioBuffer | null }).buffer;
    if (!buffer) return undefined;
    let peak = 0;
    for (let c = 0; c < buffer.numberOfChannels; c++) for (const v of buffer.getChannelData(c)) peak = Math.max(peak, Math.abs(v));
    return peak;
  };
  const wrap = (proto: object | undefined, name: string, kind: string) => {
    if (!proto || !Object.prototype.hasOwnProperty.call(proto, name)) return;
    const original = (proto as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        const peak = kind === 'buffer' ? peakOf(this) : undefined;
        w.__plays.push({ kind, at: Date.now(), ...(peak !== undefined ? { peak } : {}) });
        return original.apply(this, args);
      },
    });
  };
  wrap(typeof AudioBufferSourceNode === 'undefined' ? undefined : AudioBufferSourceNode.prototype, 'start', 'buffer');
  wrap(typeof AudioScheduledSourceNode === 'undefined' ? undefined : AudioScheduledSourceNode.prototype, 'start', 'scheduled');
  wrap(typeof HTMLMediaElement === 'undefined' ? undefined : HTMLMediaElement.prototype, 'play', 'media');
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  /** The PC's language; the station's own UI language is chosen in its settings. */
  browserLocale?: string;
  /**
   * Station settings this browser had saved before (localStorage, as the web
   * bridge keeps them), e.g. `{ alarm: { burstIntervalSeconds: 5 } }` or
   * `{ locale: 'en' }`. Written before the first load only.
   */
  savedSettings?: Record<string, unknown>;
}

/** A new browser context (one station: its own storage) at `<server>/station`. */
export async function openStation(browser: Browser, serverUrl: string, options: OpenOptions = {}): Promise<Station> {
  const context = await browser.newContext({
    viewport: options.viewport ?? FULL_HD,
    deviceScaleFactor: 1,
    locale: options.browserLocale ?? 'pt-BR',
    timezoneId: 'America/Sao_Paulo',
    colorScheme: options.colorScheme ?? 'light',
  });
  await context.addInitScript(instrumentAudio);
  if (options.savedSettings) {
    await context.addInitScript(
      ([key, value]) => {
        if (window.localStorage.getItem(key) === null) window.localStorage.setItem(key, value);
      },
      [SETTINGS_KEY, JSON.stringify(options.savedSettings)] as const,
    );
  }
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  let words: Station['words'] = WORDS[options.savedSettings?.locale === 'en' ? 'en' : 'pt-BR'];
  const station: Station = {
    context,
    page,
    dialogs,
    errors,
    get words() {
      return words;
    },
    alerts: () => page.getByRole('region', { name: words.alerts, exact: true }),
    alert: (text) => station.alerts().getByRole('article').filter({ hasText: text }),
    pinned: (text) => {
      const articles = page.getByRole('region', { name: words.pinned, exact: true }).getByRole('article');
      return text === undefined ? articles : articles.filter({ hasText: text });
    },
    patients: () => page.getByRole('region', { name: words.patients, exact: true }),
    conversation: () => page.getByRole('region', { name: words.conversation, exact: true }),
    connection: () =>
      page
        .getByRole('status')
        .filter({ hasText: new RegExp(`^\\s*(${[words.connected, words.reconnecting, words.disconnected].map(escapeRegExp).join('|')})`) }),
    plays: () => page.evaluate(() => (window as unknown as { __plays?: unknown[] }).__plays?.length ?? 0),
    playPeaks: () =>
      page.evaluate(() =>
        ((window as unknown as { __plays?: { peak?: number }[] }).__plays ?? []).flatMap((play) =>
          play.peak === undefined ? [] : [play.peak],
        ),
      ),
    useLocale(locale) {
      words = WORDS[locale];
    },
    close: () => context.close(),
  };
  const response = await page.goto(`${serverUrl}/station`);
  if (!response?.ok()) throw new Error(`GET ${serverUrl}/station answered ${response?.status()}`);
  return station;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The sign-in screen's fields and button, by their labels. */
export function signInForm(station: Station) {
  const { page, words } = station;
  return {
    email: page.getByLabel(words.email, { exact: true }),
    password: page.getByLabel(words.password, { exact: true }),
    submit: page.getByRole('button', { name: words.signIn, exact: true }),
    server: page.getByLabel(words.server, { exact: true }),
  };
}

/** Signs in through the form and waits for `Conectado`. */
export async function signIn(station: Station, email: string, password = PASSWORD): Promise<void> {
  const form = signInForm(station);
  await form.email.fill(email);
  await form.password.fill(password);
  await form.submit.click();
  await waitForConnected(station);
}

export async function waitForConnected(station: Station, timeout = 15_000): Promise<void> {
  await station.page
    .getByRole('status')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(station.words.connected)}\\s*$`) })
    .waitFor({ state: 'visible', timeout })
    .catch((error: unknown) => {
      throw new Error(`station never showed "${station.words.connected}": ${String(error)}${diagnostics(station)}`);
    });
}

/** A browser station signed in as this nurse. */
export async function signedInStation(browser: Browser, serverUrl: string, email: string, options: OpenOptions = {}): Promise<Station> {
  const station = await openStation(browser, serverUrl, options);
  await signIn(station, email);
  return station;
}

/** Page errors and dialogs, appended to failure messages. */
export function diagnostics(station: Station): string {
  const parts = [];
  if (station.errors.length) parts.push(`page errors: ${station.errors.join(' | ')}`);
  if (station.dialogs.length) parts.push(`dialogs: ${station.dialogs.join(' | ')}`);
  return parts.length ? `\n${parts.join('\n')}` : '';
}

/** Waits until a locator is visible (Playwright's own polling, generous timeout). */
export async function visible(locator: Locator, timeout = 10_000): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible', timeout });
  return locator;
}

export async function gone(locator: Locator, timeout = 10_000): Promise<void> {
  await expect.poll(() => locator.count(), { timeout, interval: 100 }).toBe(0);
}

/** Saves a viewport screenshot under desktop/test/e2e/screenshots/<name>.png (gitignored). */
export async function screenshot(station: Station, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const viewport = station.page.viewportSize();
  const path = resolve(SCREENSHOT_DIR, `${name}-${viewport?.width}x${viewport?.height}.png`);
  // No hover effect from the last click; fonts loaded; flashing alarms frozen for a stable picture.
  if (viewport) await station.page.mouse.move(viewport.width - 1, viewport.height - 1);
  await station.page.evaluate(() => document.fonts?.ready.then(() => undefined));
  await station.page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage: false });
  return path;
}

function describeViolation(v: AxeResult): string {
  const nodes = v.nodes
    .slice(0, 6)
    .map((n) => `    ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
    .join('\n');
  return `${v.id} (${v.impact}): ${v.help}\n${nodes}${v.nodes.length > 6 ? `\n    … ${v.nodes.length - 6} more` : ''}`;
}

/** axe-core on the page as it is now: no `serious` or `critical` violation. */
export async function expectAccessible(station: Station, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page: station.page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map(describeViolation).join('\n'), `axe: serious/critical violations on the ${screen} screen`).toBe('');
}

/** The number in "N não lidos" at the head of `Alertas`. */
export async function unreadCount(station: Station): Promise<number> {
  const text = await station.alerts().getByText(station.words.unreadCount).first().textContent({ timeout: 10_000 });
  const match = station.words.unreadCount.exec(text ?? '');
  if (!match) throw new Error(`no unread count in "${text}"`);
  return Number(match[1]);
}

/** The full-width "Desconectado desde HH:MM — os alertas podem não chegar" banner. */
export function disconnectedBanner(station: Station): Locator {
  // The banner has no role of its own (the status line is the one role=status): found by its words, measured by its box.
  return station.page.getByText(station.words.banner).locator('xpath=..');
}

/** `Pacientes`, as the names of the given patients in the order shown (rows identified by "Leito <bed>"). */
export async function patientOrder(station: Station, patients: readonly { name: string; bed: string }[]): Promise<string[]> {
  const rows = await station.patients().getByRole('listitem').allInnerTexts();
  return rows.flatMap((row) => {
    const patient = patients.find((p) => new RegExp(`${escapeRegExp(station.words.bed)} ${escapeRegExp(p.bed)}(\\s|$)`).test(row));
    return patient ? [patient.name] : [];
  });
}

/** Selects a patient in `Pacientes` by bed (names may show as initials: privacy mode is on by default). */
export async function selectPatient(station: Station, patient: { bed: string }): Promise<void> {
  await station
    .patients()
    .getByRole('button', { name: new RegExp(`${escapeRegExp(station.words.bed)} ${escapeRegExp(patient.bed)}(\\s|$)`) })
    .click();
}

/** Initials as privacy mode shows them ("M.A.S."): shared's own function, so the test follows its rules. */
export { patientInitials } from '@plantao/shared';

/** The settings dialog (opened by the header's / sign-in screen's `Configurações` button). */
export function settingsDialog(station: Station): Locator {
  return station.page.getByRole('dialog', { name: station.words.settings, exact: true });
}

export async function openSettings(station: Station): Promise<Locator> {
  await station.page.getByRole('button', { name: station.words.settings, exact: true }).click();
  return visible(settingsDialog(station));
}

export async function closeSettings(station: Station): Promise<void> {
  const dialog = settingsDialog(station);
  await dialog.getByRole('button', { name: station.words.close, exact: true }).click();
  await gone(dialog);
}

/** Configurações → Idioma → the language, as a nurse does it; the helpers then look for that language's words. */
export async function switchLanguage(station: Station, locale: Locale): Promise<void> {
  const dialog = await openSettings(station);
  await dialog.getByLabel(station.words.language, { exact: true }).selectOption(locale);
  station.useLocale(locale);
  // The whole screen switches at once, the dialog's own title included.
  await visible(settingsDialog(station));
  await closeSettings(station);
}

/**
 * `beforeAll` whose failure fails every test of the suite with its message
 * (a failing `beforeAll` alone would only mark them skipped): a station that
 * was not built, or a server that does not start, is a red suite, never a
 * quiet one.
 */
export function setUpSuite(setup: () => Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
}
