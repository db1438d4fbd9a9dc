import type { ConversationUpdatePayload } from '@plantao/shared';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi, type FakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeConversation, makeMessage, makePatient, minutesAgo } from '../../test-support/fixtures';
import { renderStation, settle } from '../../test-support/render-station';

const region = () => screen.getByRole('region', { name: 'Conversa' });
const messageWith = (text: string) =>
  within(region())
    .getAllByRole('listitem')
    .find((item) => item.textContent?.includes(text))!;

function hospital(): FakeDesktopApi {
  const api = createFakeDesktopApi({
    patients: byId(
      makePatient({ id: 'p-1', name: 'Maria Souza', bed: '12', priority: 80 }),
      makePatient({ id: 'p-2', name: 'José Pereira', bed: '7', priority: 50 }),
    ),
  });
  api.conversations = [makeConversation({ id: 'c1', patientId: 'p-1', status: 'open' })];
  api.messages = {
    c1: [
      makeMessage({ id: 'm1', content: 'Boa tarde, estou com febre de 38,5', timestamp: '2025-03-10T16:40:00Z' }),
      makeMessage({ id: 'm2', content: '', isAudio: true, timestamp: '2025-03-10T16:45:00Z' }),
      makeMessage({
        id: 'm3',
        content: 'Tomou o antitérmico?',
        sender: 'nurse',
        deliveryStatus: 'sent',
        timestamp: '2025-03-10T16:50:00Z',
      }),
    ],
  };
  return api;
}

async function openPatient(name: RegExp) {
  const user = userEvent.setup();
  await user.click(within(screen.getByRole('region', { name: 'Pacientes' })).getByRole('button', { name }));
  await settle();
  return user;
}

describe('Conversa', () => {
  it('asks to pick a patient first', async () => {
    await renderStation(hospital());
    expect(within(region()).getByText('Selecione um paciente para ver a conversa.')).toBeInTheDocument();
  });

  it('shows the patient’s messages with sender and time; a voice note says so', async () => {
    const station = await renderStation(hospital());
    await openPatient(/Maria Souza/);
    expect(station.api.getConversationMessages).toHaveBeenCalledWith('c1');
    const first = messageWith('Boa tarde');
    expect(within(first).getByText('Maria Souza')).toBeInTheDocument();
    expect(within(first).getByText('13:40')).toBeInTheDocument();
    expect(within(messageWith('Mensagem de voz')).getByText('13:45')).toBeInTheDocument();
    const reply = messageWith('Tomou o antitérmico?');
    expect(within(reply).getByText('Enfermagem')).toBeInTheDocument();
    expect(within(reply).getByText('enviada')).toBeInTheDocument();
    expect(within(region()).getByText('Aberta')).toBeInTheDocument();
  });

  it('subscribes to the open patient and unsubscribes when another is opened', async () => {
    const station = await renderStation(hospital());
    await openPatient(/Maria Souza/);
    expect(station.api.subscribePatient).toHaveBeenLastCalledWith('p-1');
    await openPatient(/José Pereira/);
    expect(station.api.unsubscribePatient).toHaveBeenCalledWith('p-1');
    expect(station.api.subscribePatient).toHaveBeenLastCalledWith('p-2');
    expect(within(region()).getByText('Este paciente ainda não tem conversa.')).toBeInTheDocument();
    expect(within(region()).queryByRole('textbox', { name: 'Mensagem' })).not.toBeInTheDocument();
  });

  it('Assumir and Resolver call the station, then re-read the conversation', async () => {
    const station = await renderStation(hospital());
    const user = await openPatient(/Maria Souza/);
    station.api.conversations = [makeConversation({ id: 'c1', patientId: 'p-1', status: 'assumed', assumedBy: 'u-ana' })];
    await user.click(within(region()).getByRole('button', { name: 'Assumir' }));
    await settle();
    expect(station.api.assumeConversation).toHaveBeenCalledWith('c1');
    expect(within(region()).getByText('Assumida por Ana Souza')).toBeInTheDocument();
    // Assumed by this nurse: nothing left to assume.
    expect(within(region()).queryByRole('button', { name: 'Assumir' })).not.toBeInTheDocument();

    station.api.conversations = [makeConversation({ id: 'c1', patientId: 'p-1', status: 'resolved' })];
    await user.click(within(region()).getByRole('button', { name: 'Resolver' }));
    await settle();
    expect(station.api.resolveConversation).toHaveBeenCalledWith('c1');
    expect(within(region()).getByText('Resolvida')).toBeInTheDocument();
  });

  it('follows live assume updates from other stations', async () => {
    const station = await renderStation(hospital());
    await openPatient(/Maria Souza/);
    const assumed: ConversationUpdatePayload = {
      type: 'conversation_assumed',
      conversationId: 'c1',
      patientId: 'p-1',
      userId: 'u-bruno',
      userName: 'Bruno Lima',
      timestamp: minutesAgo(0),
    };
    station.push((s) => ({ ...s, conversations: { c1: [assumed] } }));
    expect(within(region()).getByText('Assumida por Bruno Lima')).toBeInTheDocument();
  });

  it('sends a reply: enviando at once, enviada when the station says so', async () => {
    const station = await renderStation(hospital());
    const user = await openPatient(/Maria Souza/);
    const box = within(region()).getByRole('textbox', { name: 'Mensagem' });
    await user.type(box, 'Dona Maria, vamos ligar agora.');
    await user.click(within(region()).getByRole('button', { name: 'Enviar' }));
    expect(station.api.replyToConversation).toHaveBeenCalledWith('c1', 'Dona Maria, vamos ligar agora.');
    expect(box).toHaveValue('');
    expect(within(messageWith('vamos ligar agora')).getByText('enviando')).toBeInTheDocument();

    const sent: ConversationUpdatePayload = {
      type: 'message_sent',
      conversationId: 'c1',
      patientId: 'p-1',
      userId: 'u-ana',
      userName: 'Ana Souza',
      message: {
        id: 'reply-1',
        content: 'Dona Maria, vamos ligar agora.',
        sender: 'nurse',
        timestamp: minutesAgo(0),
        deliveryStatus: 'sent',
      },
      timestamp: minutesAgo(0),
    };
    station.push((s) => ({ ...s, conversations: { c1: [sent] } }));
    const reply = messageWith('vamos ligar agora');
    expect(within(reply).getByText('enviada')).toBeInTheDocument();
    expect(within(reply).getByText('Ana Souza')).toBeInTheDocument();
    expect(within(region()).getAllByText(/vamos ligar agora/)).toHaveLength(1);
  });

  it('shows falhou with a retry that sends the same text again', async () => {
    const station = await renderStation(hospital());
    station.api.messages['c1']!.push(
      makeMessage({
        id: 'm4',
        content: 'Vamos ligar para a senhora.',
        sender: 'nurse',
        deliveryStatus: 'failed',
        timestamp: '2025-03-10T16:55:00Z',
      }),
    );
    const user = await openPatient(/Maria Souza/);
    const failed = messageWith('Vamos ligar para a senhora.');
    expect(within(failed).getByText('falhou')).toBeInTheDocument();
    await user.click(within(failed).getByRole('button', { name: 'Tentar de novo' }));
    expect(station.api.replyToConversation).toHaveBeenCalledWith('c1', 'Vamos ligar para a senhora.');
    expect(within(messageWith('Vamos ligar para a senhora.')).queryByRole('button', { name: 'Tentar de novo' })).not.toBeInTheDocument();
    expect(within(region()).getByText('enviando')).toBeInTheDocument();
  });

  it('keeps the typed text when the station refuses the reply', async () => {
    const station = await renderStation(hospital());
    station.api.replyToConversation = async () => {
      throw new Error('[refused] conversation closed');
    };
    const user = await openPatient(/Maria Souza/);
    const box = within(region()).getByRole('textbox', { name: 'Mensagem' });
    await user.type(box, 'Olá');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(within(region()).getByRole('alert')).toHaveTextContent('A mensagem não foi enviada. Tente de novo.');
    expect(box).toHaveValue('Olá');
  });

  it('picks up a conversation that starts while the patient is open', async () => {
    const station = await renderStation(hospital());
    await openPatient(/José Pereira/);
    expect(within(region()).getByText('Este paciente ainda não tem conversa.')).toBeInTheDocument();
    station.api.conversations.push(makeConversation({ id: 'c2', patientId: 'p-2' }));
    station.api.messages['c2'] = [makeMessage({ id: 'n1', content: 'Estou com dor', timestamp: minutesAgo(0) })];
    const first: ConversationUpdatePayload = {
      type: 'new_message',
      conversationId: 'c2',
      patientId: 'p-2',
      message: station.api.messages['c2'][0],
      timestamp: minutesAgo(0),
    };
    station.push((s) => ({ ...s, conversations: { c2: [first] } }));
    await settle();
    expect(within(messageWith('Estou com dor')).getByText('José Pereira')).toBeInTheDocument();
    expect(within(region()).getByRole('textbox', { name: 'Mensagem' })).toBeInTheDocument();
  });
});
