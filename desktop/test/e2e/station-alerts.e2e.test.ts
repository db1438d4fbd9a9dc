import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Hospital, newHospital, type StationServer, startStationServer } from '../support/hospital';
import {
  closeSettings,
  diagnostics,
  gone,
  launchBrowser,
  openSettings,
  openStation,
  signedInStation,
  signIn,
  signInForm,
  type OpenOptions,
  patientInitials,
  type Station,
  unreadCount,
  visible,
  setUpSuite,
} from '../support/station-browser';

/** The alarm pace for the sound test: the settings' minimum (ALARM_BURST_INTERVAL_SECONDS.min). */
const BURST_SECONDS = 5;

/**
 * Issue "station screen", done-when 1–4: the browser station (same renderer,
 * same core) against the real server. Every test takes its own hospital on
 * the shared server, so nothing one test leaves behind reaches another.
 */
describe('station screen: alerts (browser station, real server)', () => {
  let server: StationServer;
  let browser: Browser;
  const open: Station[] = [];
  const station = async (email: string, options: OpenOptions = {}) => {
    const s = await signedInStation(browser, server.url(), email, options);
    open.push(s);
    return s;
  };

  setUpSuite(async () => {
    server = await startStationServer();
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('1. signs in; an alert posted over REST appears in Alertas and the unread count rises', async () => {
    const h = await newHospital(server);
    const other = await newHospital(server);
    const s = await openStation(browser, server.url());
    open.push(s);

    // The sign-in screen: E-mail, Senha, Entrar; no server address in the browser station.
    const form = signInForm(s);
    await visible(form.email);
    await visible(form.password);
    await visible(form.submit);
    // Once the station info is in (Configurações shows the version), still no "Servidor" field.
    const settings = await openSettings(s);
    await visible(settings.getByText(/^Plantão \d+\.\d+/));
    await closeSettings(s);
    expect(await form.server.count(), 'the browser station must not ask for "Servidor" (the page origin fixes it)').toBe(0);
    await signIn(s, h.ana.email);
    await visible(s.alerts());

    const before = await unreadCount(s);
    const posted = await h.postAlert(h.patients[0]!, { severity: 'high', message: 'Dor torácica há 20 minutos, sudorese' });
    const article = await visible(s.alert('Dor torácica há 20 minutos'));
    // Patient (initials: privacy mode is on by default), bed, severity as a word, message.
    await visible(article.getByText(patientInitials(h.patients[0]!.name), { exact: true }));
    await visible(article.getByText(`Leito ${h.patients[0]!.bed}`, { exact: true }));
    await visible(article.getByText('ALTO', { exact: true }));
    await expect.poll(() => unreadCount(s), { timeout: 10_000 }).toBe(before + 1);
    expect(posted.seq).toBeGreaterThan(0);

    // Nothing leaks to another hospital: its station gets its own alert, never this one.
    const o = await station(other.ana.email);
    await other.postAlert(other.patients[0]!, { severity: 'high', message: 'Outro hospital: queda do leito' });
    await visible(o.alert('Outro hospital: queda do leito'));
    expect(await o.alert('Dor torácica há 20 minutos').count()).toBe(0);
    expect(await s.alert('Outro hospital').count()).toBe(0);
  });

  it('2. "Marcar como lida" at station A shows "Lida por <nurse>" at station B', async () => {
    const h: Hospital = await newHospital(server);
    const a = await station(h.ana.email);
    const b = await station(h.bruno.email);
    await h.postAlert(h.patients[1]!, { severity: 'medium', message: 'Náusea persistente após quimioterapia' });
    const atA = await visible(a.alert('Náusea persistente'));
    const atB = await visible(b.alert('Náusea persistente'));
    const unreadAtA = await unreadCount(a);

    await atA.getByRole('button', { name: 'Marcar como lida', exact: true }).click();
    await visible(atB.getByText(`Lida por ${h.ana.name}`), 10_000).catch((error: unknown) => {
      throw new Error(`station B never showed "Lida por ${h.ana.name}": ${String(error)}${diagnostics(b)}`);
    });
    await visible(atA.getByText(new RegExp(`Lida por (${h.ana.name}|você)`)));
    await expect.poll(() => unreadCount(a)).toBe(unreadAtA - 1);
  });

  it('3. "Reconhecer" stops the repeating alarm sound at both stations', async () => {
    const h = await newHospital(server);
    // The shortest alarm pace the settings allow (5 s), saved in the browser like a nurse's choice.
    const fast: OpenOptions = { savedSettings: { alarm: { burstIntervalSeconds: BURST_SECONDS } } };
    const a = await station(h.ana.email, fast);
    const b = await station(h.bruno.email, fast);
    const before = [await a.plays(), await b.plays()] as const;
    await h.postAlert(h.patients[0]!, { severity: 'critical', message: 'Saturação 84% e falta de ar intensa' });
    await visible(a.pinned('Saturação 84%'));
    await visible(b.pinned('Saturação 84%'));
    // The critical alarm sounds at once and repeats (Web Audio in the page), at both stations.
    await expect.poll(() => a.plays(), { timeout: 4 * BURST_SECONDS * 1000 }).toBeGreaterThanOrEqual(before[0] + 2);
    await expect.poll(() => b.plays(), { timeout: 4 * BURST_SECONDS * 1000 }).toBeGreaterThanOrEqual(before[1] + 2);

    await a.pinned('Saturação 84%').getByRole('button', { name: 'Reconhecer', exact: true }).click();
    await visible(b.alert('Saturação 84%').getByText(new RegExp(`^Reconhecido por ${h.ana.name}`)));
    await gone(a.pinned());
    await gone(b.pinned());

    // Then silence: a burst period and a half without a single play at either station.
    const settled = [await a.plays(), await b.plays()] as const;
    await a.page.waitForTimeout(BURST_SECONDS * 1500);
    expect(await a.plays(), 'station A kept sounding after Reconhecer').toBe(settled[0]);
    expect(await b.plays(), 'station B kept sounding after Reconhecer at A').toBe(settled[1]);
  });

  it('4. an alert text with HTML is shown as text, never as markup', async () => {
    const h = await newHospital(server);
    const s = await station(h.ana.email);
    const html = '<img src=x onerror=alert(1)><b>negrito</b>';
    await h.postAlert(h.patients[0]!, { severity: 'critical', message: html });
    const article = await visible(s.alert(html));
    await visible(article.getByText(html, { exact: false }));
    expect(await s.page.locator('img[src="x"]').count(), 'an <img src=x> was created from the alert text').toBe(0);
    // Critical: shown in the pinned strip too, as text there as well.
    await visible(s.pinned(html));
    expect(await s.page.locator('b').filter({ hasText: 'negrito' }).count(), 'a <b> element was created from the alert text').toBe(0);
    expect(s.dialogs, 'the page opened a dialog (script from the alert text ran)').toEqual([]);
  });

  it('the alarm offers "Silenciar 2 min" while it repeats', async () => {
    const h = await newHospital(server);
    const s = await station(h.ana.email);
    await h.postAlert(h.patients[1]!, { severity: 'critical', message: 'Convulsão há 5 minutos' });
    await visible(s.pinned('Convulsão'));
    const silence = s.page.getByRole('button', { name: 'Silenciar 2 min', exact: true });
    await visible(silence);
    await silence.click();
    await s.alert('Convulsão').getByRole('button', { name: 'Reconhecer', exact: true }).first().click();
    await gone(s.pinned());
  });

  it('filters Todos / Não lidos / Críticos', async () => {
    const h = await newHospital(server);
    const s = await station(h.ana.email);
    await h.postAlert(h.patients[0]!, { severity: 'critical', message: 'Filtro: sangramento nasal que não para' });
    await h.postAlert(h.patients[1]!, { severity: 'high', message: 'Filtro: dor de cabeça muito forte' });
    await h.postAlert(h.patients[1]!, { severity: 'low', message: 'Filtro: dúvida sobre a consulta' });
    await expect.poll(() => s.alerts().getByRole('article').count()).toBe(3);
    await s.alert('Filtro: dúvida').getByRole('button', { name: 'Marcar como lida', exact: true }).click();
    await visible(s.alert('Filtro: dúvida').getByText(`Lida por ${h.ana.name}`));

    const filter = (name: string) => s.alerts().getByRole('button', { name, exact: true });
    await filter('Críticos').click();
    await expect.poll(() => s.alerts().getByRole('article').allInnerTexts()).toEqual([expect.stringContaining('sangramento nasal')]);
    await filter('Não lidos').click();
    await expect.poll(() => s.alerts().getByRole('article').count()).toBe(2);
    expect(await s.alert('Filtro: dúvida').count()).toBe(0);
    await filter('Todos').click();
    await expect.poll(() => s.alerts().getByRole('article').count()).toBe(3);
    expect(await filter('Todos').getAttribute('aria-pressed')).toBe('true');
  });
});
