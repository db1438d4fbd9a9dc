import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { renderStation } from '../../test-support/render-station';

const signedOut = () => createFakeDesktopApi({ user: undefined });

async function fillAndSubmit(email = 'ana@hospital.br', password = 'segredo') {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('E-mail'), email);
  await user.type(screen.getByLabelText('Senha'), password);
  await user.click(screen.getByRole('button', { name: 'Entrar' }));
  return user;
}

describe('sign-in screen', () => {
  it('asks for E-mail, Senha and Servidor (prefilled) and signs in with the typed server', async () => {
    const api = signedOut();
    await renderStation(api);
    expect(screen.getByLabelText('E-mail')).toHaveAttribute('type', 'email');
    expect(screen.getByLabelText('Senha')).toHaveAttribute('type', 'password');
    const server = screen.getByLabelText('Servidor');
    expect(server).toHaveValue('https://plantao.hospital.br');
    expect(server).toBeEnabled();

    const user = userEvent.setup();
    await user.clear(server);
    await user.type(server, 'https://outro.hospital.br');
    await fillAndSubmit();
    expect(api.login).toHaveBeenCalledWith({ email: 'ana@hospital.br', password: 'segredo', serverUrl: 'https://outro.hospital.br' });
  });

  it('shows the server fixed by IT as read-only, with the reason, and does not send it', async () => {
    const api = signedOut();
    api.stationInfo = { ...api.stationInfo, serverUrlSource: 'managed', serverUrl: 'https://ti.hospital.br' };
    await renderStation(api);
    const server = screen.getByLabelText('Servidor');
    expect(server).toBeDisabled();
    expect(server).toHaveAttribute('readonly');
    expect(server).toHaveValue('https://ti.hospital.br');
    expect(server).toHaveAccessibleDescription('Definido pela TI do hospital');
    await fillAndSubmit();
    expect(api.login).toHaveBeenCalledWith({ email: 'ana@hospital.br', password: 'segredo' });
  });

  it('does not show a server field in the browser station (the page origin is the server)', async () => {
    const api = signedOut();
    api.stationInfo = { ...api.stationInfo, host: 'browser', serverUrlSource: 'origin', supportsStartAtLogin: false };
    await renderStation(api);
    expect(screen.getByLabelText('E-mail')).toBeInTheDocument();
    expect(screen.queryByLabelText('Servidor')).not.toBeInTheDocument();
  });

  it.each([
    ['[login_refused] invalid credentials', 'E-mail ou senha incorretos.'],
    ['[server_unreachable] ECONNREFUSED', 'Sem resposta do servidor. Verifique o endereço e a rede.'],
    ['[too_many_attempts] 429', 'Muitas tentativas de entrada. Aguarde alguns minutos e tente de novo.'],
    ['[certificate_error] self-signed', 'O certificado do servidor não é confiável. Chame a TI do hospital.'],
    ['something else broke', 'Não foi possível entrar. Tente de novo.'],
  ])('explains a refused sign-in (%s)', async (message, expected) => {
    const api = signedOut();
    api.login = async () => {
      throw new Error(message);
    };
    await renderStation(api);
    await fillAndSubmit();
    expect(await screen.findByRole('alert')).toHaveTextContent(expected);
    // The raw error text never reaches the nurse.
    expect(screen.queryByText(message, { exact: false })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Entrar' })).toBeEnabled();
  });

  it('asks for the missing fields instead of calling the station', async () => {
    const api = signedOut();
    await renderStation(api);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Entrar' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Informe o e-mail e a senha.');
    expect(api.login).not.toHaveBeenCalled();
  });

  it('says why the last session ended', async () => {
    await renderStation(createFakeDesktopApi({ user: undefined, lastError: 'Sessão encerrada: entre de novo.' }));
    expect(screen.getByText('Sessão encerrada: entre de novo.')).toBeInTheDocument();
  });

  it('leaves for the station screen once the snapshot has a user', async () => {
    const station = await renderStation(signedOut());
    expect(screen.queryByRole('region', { name: 'Alertas' })).not.toBeInTheDocument();
    station.push((s) => ({ ...s, user: { id: 'u-ana', name: 'Ana Souza', tenantId: 'hosp-1', role: 'nurse' } }));
    expect(screen.getByRole('region', { name: 'Alertas' })).toBeInTheDocument();
    expect(within(screen.getByRole('banner')).getByText('Plantonista: Ana Souza')).toBeInTheDocument();
  });
});
