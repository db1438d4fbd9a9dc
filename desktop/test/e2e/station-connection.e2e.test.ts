import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { newHospital, type StationServer, startStationServer } from '../support/hospital';
import {
  diagnostics,
  disconnectedBanner,
  launchBrowser,
  signedInStation,
  type Station,
  visible,
  waitForConnected,
  setUpSuite,
} from '../support/station-browser';

/**
 * Issue "station screen", done-when 7: the server dies (SIGKILL), the station
 * says so within 10 s, and after a restart on the same port and database it
 * shows what was posted meanwhile, exactly once.
 */
describe('station screen: connection lost and regained (browser station, real server)', () => {
  let server: StationServer;
  let browser: Browser;
  let station: Station | undefined;

  setUpSuite(async () => {
    server = await startStationServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await station?.close();
    await browser?.close();
    await server?.close();
  });

  it('7. kill -9 shows "Desconectado" within 10 s; after a restart the alerts posted meanwhile show exactly once', async () => {
    const h = await newHospital(server);
    station = await signedInStation(browser, server.url(), h.ana.email);
    const s = station;
    await h.postAlert(h.patients[0]!, { severity: 'high', message: 'Alerta um: vômitos desde a manhã' });
    await visible(s.alert('Alerta um'));

    await server.real.server.kill9();
    const killedAt = Date.now();
    await s.page
      .getByRole('status')
      .filter({ hasText: /^\s*Desconectado desde \d{2}:\d{2}/ })
      .waitFor({ state: 'visible', timeout: 10_000 })
      .catch((error: unknown) => {
        throw new Error(`no "Desconectado desde HH:MM" status within 10 s of kill -9: ${String(error)}${diagnostics(s)}`);
      });
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    // The full-width banner (a technical alarm, across the whole window).
    const banner = await visible(disconnectedBanner(s));
    const box = await banner.first().boundingBox();
    const viewport = s.page.viewportSize()!;
    expect(box?.width ?? 0, 'the disconnected banner should span the window').toBeGreaterThanOrEqual(viewport.width * 0.9);

    // Keep the station off the network while the server restarts and takes
    // two alerts, so they reach it through the reconnect's catch-up.
    await s.context.setOffline(true);
    await server.real.restart();
    await h.postAlert(h.patients[1]!, { severity: 'high', message: 'Alerta dois: dor abdominal forte' });
    await h.postAlert(h.patients[0]!, { severity: 'medium', message: 'Alerta três: tontura ao levantar' });
    // Still cut off: alerts two and three can only come through the catch-up after reconnecting.
    expect(await s.connection().textContent()).not.toMatch(/^\s*Conectado/);
    expect(await s.alert('Alerta dois').count()).toBe(0);
    await s.context.setOffline(false);

    await waitForConnected(s, 40_000);
    await visible(s.alert('Alerta dois'), 15_000);
    await visible(s.alert('Alerta três'), 15_000);
    // A live alert after them: whatever the replay would duplicate has arrived by now (seq order).
    await h.postAlert(h.patients[1]!, { severity: 'low', message: 'Alerta quatro: pedido de retorno' });
    await visible(s.alert('Alerta quatro'));
    expect(await s.alert('Alerta um').count()).toBe(1);
    expect(await s.alert('Alerta dois').count()).toBe(1);
    expect(await s.alert('Alerta três').count()).toBe(1);
    expect(await s.alert('Alerta quatro').count()).toBe(1);
    expect(await disconnectedBanner(s).count(), 'the banner stays after reconnecting').toBe(0);
  });
});
