import type { Browser } from 'playwright-core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fixture } from '@plantao/server/test-support';
import { gate, newHospital, type StationServer, startStationServer } from '../support/hospital';
import {
  launchBrowser,
  patientInitials,
  patientOrder,
  selectPatient,
  setUpSuite,
  signedInStation,
  type Station,
  visible,
} from '../support/station-browser';

/** The phone of server/test/fixtures/whatsapp/text-message.json (Maria Aparecida's WhatsApp). */
const FIXTURE_PHONE = '5511987654321';
/** The phone_number_id that fixture is addressed to. */
const FIXTURE_PHONE_NUMBER_ID = '106540352242922';

/** Issue "station screen", done-when 5 and 6: the worklist and the conversation. */
describe('station screen: worklist and conversation (browser station, real server)', () => {
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

  it('5. a priority change reorders Pacientes, highest first', async () => {
    const h = await newHospital(server, { extraPatients: [{ name: 'Ana Beatriz Lima', bed: '03' }] });
    const s = await signedInStation(browser, server.url(), h.ana.email);
    open.push(s);
    const [maria, jose, anaBeatriz] = h.patients as [(typeof h.patients)[0], (typeof h.patients)[0], (typeof h.patients)[0]];
    await expect.poll(async () => (await patientOrder(s, h.patients)).length, { timeout: 10_000 }).toBe(3);

    // Priority comes from open alerts (server/src/priority): a medium alert lifts José (30)...
    await h.postAlert(jose, { severity: 'medium', message: 'Diarreia 4 vezes hoje' });
    await expect.poll(async () => (await patientOrder(s, h.patients))[0], { timeout: 10_000 }).toBe(jose.name);
    // ...a critical one puts Maria (80) above him...
    const critical = await h.postAlert(maria, { severity: 'critical', message: 'Febre 39,4 °C e calafrios' });
    await expect.poll(() => patientOrder(s, h.patients), { timeout: 10_000 }).toEqual([maria.name, jose.name, anaBeatriz.name]);
    // ...and acknowledging it at the station (her score falls to 0) puts José back on top.
    await s.pinned('Febre 39,4').getByRole('button', { name: 'Reconhecer', exact: true }).click();
    await expect.poll(async () => (await patientOrder(s, h.patients))[0], { timeout: 10_000 }).toBe(jose.name);
    expect(critical.seq).toBeGreaterThan(0);
  });

  it('6. a WhatsApp message shows in Conversa; a reply shows enviando, enviada, and falhou when the Cloud API fails', async () => {
    const h = await newHospital(server, {
      phoneNumberId: FIXTURE_PHONE_NUMBER_ID,
      extraPatients: [{ name: 'Maria das Graças Oliveira', bed: '07', phone: FIXTURE_PHONE }],
    });
    const patient = h.patients.find((p) => p.phone === FIXTURE_PHONE)!;
    const s = await signedInStation(browser, server.url(), h.ana.email);
    open.push(s);

    // The webhook fixture as Meta posts it, signed with WHATSAPP_APP_SECRET.
    await h.webhook(fixture('text-message.json'));
    await selectPatient(s, patient);
    const conversation = await visible(s.conversation());
    // The patient's message with its sender (initials: privacy mode) and time (11:00 in São Paulo for the fixture's 14:00 UTC).
    const incoming = await visible(conversationMessage(s, 'Boa tarde, estou com febre de 38,5 desde ontem a noite'));
    await visible(incoming.getByText(patientInitials(patient.name), { exact: true }));
    await visible(incoming.getByText('11:00', { exact: true }));

    // Assumir: the conversation is Ana's.
    await conversation.getByRole('button', { name: 'Assumir', exact: true }).click();
    await visible(conversation.getByText(`Assumida por ${h.ana.name}`, { exact: true }));

    // A reply: held by the Cloud API stand-in until "enviando" was seen, then answered 200.
    const held = gate();
    server.meta.respond = async () => {
      await held.wait;
      return { status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.e2e-reply-1' }] } };
    };
    const box = conversation.getByRole('textbox', { name: 'Mensagem', exact: true });
    await box.fill('Dona Maria, a senhora tomou o antitérmico?');
    await conversation.getByRole('button', { name: 'Enviar', exact: true }).click();
    const reply = conversationMessage(s, 'Dona Maria, a senhora tomou o antitérmico?');
    await visible(reply.getByText('enviando', { exact: false }));
    held.open();
    await visible(reply.getByText('enviada', { exact: false }));
    const sent = server.meta.requests.at(-1)!;
    expect(JSON.parse(sent.body)).toMatchObject({ to: FIXTURE_PHONE, text: { body: 'Dona Maria, a senhora tomou o antitérmico?' } });

    // The Cloud API refuses (500, one attempt: OUTBOUND_MAX_ATTEMPTS=1): "falhou".
    server.meta.respond = () => ({ status: 500, body: { error: { message: 'internal error' } } });
    await box.fill('Vamos ligar para a senhora agora.');
    await conversation.getByRole('button', { name: 'Enviar', exact: true }).click();
    await visible(conversationMessage(s, 'Vamos ligar para a senhora agora.').getByText('falhou', { exact: false }));

    // Resolver: nothing left to do.
    await conversation.getByRole('button', { name: 'Resolver', exact: true }).click();
    await visible(conversation.getByText('Resolvida', { exact: true }));
  });
});

/** The message in `Conversa` with this text (its bubble: sender, time, delivery state). */
function conversationMessage(s: Station, text: string) {
  return s.conversation().getByRole('listitem').filter({ hasText: text });
}
