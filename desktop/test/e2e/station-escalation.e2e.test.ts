import { EscalationSettingsRequestSchema, PresenceResponseSchema } from '@plantao/shared';
import { api, login } from '@plantao/server/test-support';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Hospital, newHospital, type StationServer, startStationServer } from '../support/hospital';
import {
  expectAccessible,
  FULL_HD,
  gone,
  launchBrowser,
  screenshot,
  setUpSuite,
  signedInStation,
  SMALL_SCREEN,
  type Station,
  visible,
} from '../support/station-browser';

/** The shortest ack timeout the tenant setting allows (EscalationSettingsRequestSchema: 15 s). */
const ACK_TIMEOUT_SECONDS = 15;
/** The escalation check runs every second; the page then needs a push. Generous, never a timing assertion. */
const ESCALATION_WAIT_MS = (ACK_TIMEOUT_SECONDS + 30) * 1000;

/**
 * Issue #9, done-when "the Playwright suite covers an escalation reaching the
 * screen": the browser station (same renderer, same core) against the REAL
 * compiled server. A critical alert nobody acknowledges within the hospital's
 * `ackTimeoutSeconds` is escalated: the station pins it first with
 * "Escalado", rings the louder alarm, shows "Entregue a 1 estação" (its own
 * receipt) and "1 estação online" (itself).
 */
describe('station screen: escalation, receipts and presence (browser station, real server)', () => {
  let server: StationServer;
  let browser: Browser;
  const open: Station[] = [];

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

  /** The hospital's admin sets the ack timeout to its minimum, as an admin would (PUT /api/tenant/settings). */
  async function shortAckTimeout(h: Hospital): Promise<void> {
    const escalation = { ackTimeoutSeconds: ACK_TIMEOUT_SECONDS };
    expect(EscalationSettingsRequestSchema.safeParse(escalation).success, 'the minimum the contract allows').toBe(true);
    const admin = api(server.url(), (await login(server.url(), h.tenant.admin.email)).accessToken);
    const put = await admin.put('/api/tenant/settings', { escalation });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((put.body as { escalation?: { ackTimeoutSeconds?: number } }).escalation?.ackTimeoutSeconds).toBe(ACK_TIMEOUT_SECONDS);
  }

  it(
    'a critical alert nobody acknowledges is escalated on screen: pinned first, "Escalado", louder, receipts and presence',
    async () => {
      const h = await newHospital(server);
      await shortAckTimeout(h);
      const s = await signedInStation(browser, server.url(), h.ana.email);
      open.push(s);

      // Presence: this station is the only one of the hospital online.
      const presence = s.page.getByRole('note').filter({ hasText: /estaç(ão|ões) online/ });
      await visible(presence);
      await expect.poll(() => presence.textContent(), { timeout: 10_000 }).toBe('1 estação online — só esta');

      const posted = await h.postAlert(h.patients[0]!, { severity: 'critical', message: 'Saturação 84% e falta de ar intensa' });
      await visible(s.pinned('Saturação 84%'));
      // Its own receipt, counted by the server and sent back with alert_updated.
      const row = s.alert('Saturação 84%');
      await visible(row.getByText('Entregue a 1 estação', { exact: true }), 15_000);
      // A newer, non-critical alert: by time it would be first in Alertas.
      await h.postAlert(h.patients[1]!, { severity: 'high', message: 'Dor abdominal forte há 1 hora' });
      await visible(s.alert('Dor abdominal forte'));
      const peaksBefore = (await s.playPeaks()).length;

      // Nobody acknowledges: after ackTimeoutSeconds the server escalates it to every station of the hospital.
      const pinnedEscalated = s.pinned('Saturação 84%').filter({ has: s.page.getByText('Escalado', { exact: true }) });
      await visible(pinnedEscalated, ESCALATION_WAIT_MS);
      expect(await s.page.getByRole('article', { name: /^CRÍTICO Escalado / }).count()).toBeGreaterThanOrEqual(2);
      // Pinned at the top of Alertas, above the newer alert.
      await expect
        .poll(async () => (await s.alerts().getByRole('article').allTextContents()).map((text) => text.includes('Saturação 84%')))
        .toEqual([true, false]);
      await visible(row.getByText('Escalado', { exact: true }));
      await visible(row.getByText('Entregue a 1 estação', { exact: true }));

      // Louder: the escalated alarm is the critical burst at a higher level (Web Audio in the page).
      await expect.poll(async () => (await s.playPeaks()).slice(peaksBefore).some((peak) => peak > 0.8), { timeout: 20_000 }).toBe(true);
      const criticalPeak = (await s.playPeaks()).slice(0, peaksBefore).filter((peak) => peak > 0.5);
      expect(Math.max(...criticalPeak), 'the plain critical alarm is quieter than the escalated one').toBeLessThan(0.8);

      await expectAccessible(s, 'escalated alert');
      await screenshot(s, 'station-escalated');
      await s.page.setViewportSize(SMALL_SCREEN);
      await screenshot(s, 'station-escalated');
      await s.page.setViewportSize(FULL_HD);

      // The audit, as the server recorded it: this station's receipt by name, the escalation.
      await row.getByRole('button', { name: 'Histórico', exact: true }).click();
      const audit = await visible(s.page.getByRole('dialog', { name: 'Histórico do alerta', exact: true }));
      await visible(audit.getByText(`Entregue à estação Navegador (${h.ana.name})`));
      await visible(audit.getByText(/^Escalado/));
      await screenshot(s, 'station-escalated-audit');
      await audit.getByRole('button', { name: 'Fechar', exact: true }).click();
      await gone(audit);

      // The server lists this station by the name it gave in the handshake.
      const presenceList = PresenceResponseSchema.parse((await (await h.asNurse(h.bruno)).get('/api/presence')).body);
      expect(presenceList.stationsOnline).toBe(1);
      expect(presenceList.stations[0]).toMatchObject({ name: 'Navegador', userId: h.ana.id });

      // Acknowledging stops it: out of the strip, the alarm quiet.
      await s.pinned('Saturação 84%').getByRole('button', { name: 'Reconhecer', exact: true }).click();
      await gone(s.pinned());
      await visible(row.getByText(new RegExp(`^Reconhecido por ${h.ana.name}`)));
      const settled = await s.plays();
      await s.page.waitForTimeout(12_000);
      expect(await s.plays(), 'the station kept sounding after Reconhecer').toBe(settled);
      expect(posted.seq).toBeGreaterThan(0);
    },
    3 * ESCALATION_WAIT_MS,
  );

  it('a second station of the hospital counts in presence and in the receipts', async () => {
    const h = await newHospital(server);
    const a = await signedInStation(browser, server.url(), h.ana.email);
    open.push(a);
    const b = await signedInStation(browser, server.url(), h.bruno.email);
    open.push(b);
    for (const s of [a, b]) {
      await expect
        .poll(
          () =>
            s.page
              .getByRole('note')
              .filter({ hasText: /online/ })
              .textContent(),
          { timeout: 10_000 },
        )
        .toBe('2 estações online');
    }
    await h.postAlert(h.patients[1]!, { severity: 'medium', message: 'Tontura ao levantar' });
    await visible(a.alert('Tontura ao levantar').getByText('Entregue a 2 estações', { exact: true }), 15_000);
    await visible(b.alert('Tontura ao levantar').getByText('Entregue a 2 estações', { exact: true }), 15_000);

    // Station B goes away: A is alone again.
    await b.close();
    open.splice(open.indexOf(b), 1);
    await expect
      .poll(
        () =>
          a.page
            .getByRole('note')
            .filter({ hasText: /online/ })
            .textContent(),
        { timeout: 20_000 },
      )
      .toBe('1 estação online — só esta');
  });
});
