import type { Browser } from 'playwright-core';
import { afterAll, describe, it } from 'vitest';
import { type Hospital, newHospital, type Patient, type StationServer, startStationServer } from '../support/hospital';
import {
  closeSettings,
  disconnectedBanner,
  expectAccessible,
  FULL_HD,
  launchBrowser,
  type Locale,
  openSettings,
  openStation,
  screenshot,
  selectPatient,
  signIn,
  signInForm,
  SMALL_SCREEN,
  type Station,
  switchLanguage,
  visible,
  waitForConnected,
  setUpSuite,
} from '../support/station-browser';

/**
 * Issue "station screen", done-when 8 and 9: axe finds no serious or
 * critical violation on any screen, and every screen is photographed in
 * pt-BR and English (desktop/test/e2e/screenshots/, gitignored) for a human
 * look. One hospital with a realistic shift: every severity, a pinned
 * critical, an alert read and one acknowledged by a colleague, a WhatsApp
 * conversation with a reply.
 */
describe('station screens: accessibility and screenshots, pt-BR and English (browser station, real server)', () => {
  let server: StationServer;
  let browser: Browser;
  let h: Hospital;
  let francisca: Patient;
  const stations = new Map<Locale, Station>();

  setUpSuite(async () => {
    server = await startStationServer();
    browser = await launchBrowser();
    h = await newHospital(server, {
      extraPatients: [
        { name: 'Francisca Alves Rocha', bed: '05', phone: '5511976543210' },
        { name: 'Antônio Marcos Dias', bed: '09' },
        { name: 'Luzia Fernandes Prado', bed: '21' },
      ],
    });
    const [maria, jose, fran, antonio, luzia] = h.patients as [Patient, Patient, Patient, Patient, Patient];
    francisca = fran;
    const bruno = await h.asNurse(h.bruno);
    const acked = await h.postAlert(antonio, { severity: 'high', message: 'Falta de ar ao caminhar até o banheiro' });
    await bruno.post(`/api/alerts/${acked.id}/ack`);
    const read = await h.postAlert(fran, {
      severity: 'medium',
      type: 'other',
      message: 'Náusea e dois episódios de vômito desde o almoço',
    });
    await bruno.post(`/api/alerts/${read.id}/read`);
    await h.postAlert(luzia, { severity: 'low', type: 'other', message: 'Pergunta sobre o horário do próximo ciclo de quimioterapia' });
    await h.postAlert(jose, { severity: 'high', message: 'Dor abdominal intensa, nota 8 de 10' });
    await h.postAlert(maria, { severity: 'critical', message: 'Febre de 39,4 °C e calafrios desde a madrugada' });

    // Francisca's WhatsApp: two messages in, one reply out (sent: the Cloud API stand-in answers 200).
    await h.whatsapp(fran.phone!, [
      'Olá, enfermeira. Tomei o remédio do enjoo faz uma hora.',
      'Ainda estou enjoada, posso comer alguma coisa leve?',
    ]);
    const conversationId = `wa:${fran.phone!}`;
    for (let i = 0; ; i++) {
      const messages = await bruno.get(`/api/conversations/${encodeURIComponent(conversationId)}/messages`);
      if (messages.status === 200 && Array.isArray(messages.body) && messages.body.length >= 2) break;
      if (i > 100) throw new Error(`the WhatsApp messages never arrived: ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const reply = await bruno.post(`/api/conversations/${encodeURIComponent(conversationId)}/reply`, {
      content: 'Pode sim, Dona Francisca: torradas ou bolacha de água e sal, em pouca quantidade.',
    });
    if (reply.status !== 201) throw new Error(`reply: ${reply.status} ${JSON.stringify(reply.body)}`);
  });
  afterAll(async () => {
    await Promise.all([...stations.values()].map((s) => s.close()));
    await browser?.close();
    await server?.close();
  });

  /** A station signed in as Ana in this UI language (switched through Configurações), kept for the next screens. */
  const signedIn = async (locale: Locale): Promise<Station> => {
    const existing = stations.get(locale);
    if (existing) return existing;
    const s = await openStation(browser, server.url());
    stations.set(locale, s);
    if (locale !== 'pt-BR') await switchLanguage(s, locale);
    await signIn(s, h.ana.email);
    await visible(s.alert('Febre de 39,4'));
    return s;
  };

  for (const locale of ['pt-BR', 'en'] as const) {
    describe(locale, () => {
      it(`sign-in screen (${locale})`, async () => {
        const s = await openStation(browser, server.url());
        try {
          if (locale !== 'pt-BR') await switchLanguage(s, locale);
          await visible(signInForm(s).email);
          await visible(signInForm(s).submit);
          await screenshot(s, `${locale}-1-sign-in`);
          await expectAccessible(s, `sign-in (${locale})`);
        } finally {
          await s.close();
        }
      });

      it(`main screen with alerts and a pinned critical (${locale})`, async () => {
        const s = await signedIn(locale);
        await visible(s.pinned('Febre de 39,4'));
        await visible(s.alert('Falta de ar ao caminhar').getByText(new RegExp(`^${s.words.acknowledgedBy} ${h.bruno.name}`)));
        await visible(s.alert('Náusea e dois episódios').getByText(`${s.words.readBy} ${h.bruno.name}`));
        await visible(s.alert('Pergunta sobre o horário'));
        await screenshot(s, `${locale}-2-main`);
        await s.page.setViewportSize(SMALL_SCREEN);
        try {
          await screenshot(s, `${locale}-2-main`);
          await expectAccessible(s, `main at 1366×768 (${locale})`);
        } finally {
          await s.page.setViewportSize(FULL_HD);
        }
        await expectAccessible(s, `main (${locale})`);
      });

      it(`conversation open (${locale})`, async () => {
        const s = await signedIn(locale);
        await selectPatient(s, francisca);
        await visible(s.conversation().getByText('Ainda estou enjoada'));
        await visible(s.conversation().getByText(s.words.sent, { exact: true }));
        await screenshot(s, `${locale}-3-conversation`);
        await expectAccessible(s, `conversation (${locale})`);
      });

      it(`settings open (${locale})`, async () => {
        const s = await signedIn(locale);
        await openSettings(s);
        try {
          await screenshot(s, `${locale}-4-settings`);
          await expectAccessible(s, `settings (${locale})`);
        } finally {
          await closeSettings(s);
        }
      });

      it(`disconnected banner (${locale})`, async () => {
        const s = await signedIn(locale);
        await server.real.server.kill9();
        try {
          await visible(disconnectedBanner(s));
          await screenshot(s, `${locale}-5-disconnected`);
          await expectAccessible(s, `disconnected (${locale})`);
        } finally {
          await server.real.restart();
        }
        // Cleanup, not under test: "network back" makes every open station reconnect now instead of after its backoff.
        for (const open of stations.values()) {
          await open.context.setOffline(true);
          await open.context.setOffline(false);
        }
        await waitForConnected(s, 40_000);
      });
    });
  }

  it('main screen in the dark theme (night shifts, pt-BR)', async () => {
    const s = await signedIn('pt-BR');
    await waitForConnected(s, 40_000); // back from the restarts above
    await s.page.emulateMedia({ colorScheme: 'dark' });
    try {
      await visible(s.pinned('Febre de 39,4'));
      await screenshot(s, 'pt-BR-6-main-dark');
      await expectAccessible(s, 'main, dark theme (pt-BR)');
    } finally {
      await s.page.emulateMedia({ colorScheme: 'light' });
    }
  });

  it('three unacknowledged criticals on the small screen (pt-BR, 1366×768)', async () => {
    const s = await signedIn('pt-BR');
    await waitForConnected(s, 40_000);
    const [, jose, , antonio] = h.patients as [Patient, Patient, Patient, Patient];
    await h.postAlert(jose, { severity: 'critical', message: 'Vômito com sangue há 30 minutos' });
    await h.postAlert(antonio, {
      severity: 'critical',
      type: 'symptom_worsening',
      message: 'Falta de ar piorou: não consegue completar frases',
    });
    await visible(s.pinned('Vômito com sangue'));
    await visible(s.pinned('Falta de ar piorou'));
    await screenshot(s, 'pt-BR-7-three-criticals');
    await s.page.setViewportSize(SMALL_SCREEN);
    try {
      await screenshot(s, 'pt-BR-7-three-criticals');
      await expectAccessible(s, 'three pinned criticals at 1366×768 (pt-BR)');
    } finally {
      await s.page.setViewportSize(FULL_HD);
    }
  });
});
