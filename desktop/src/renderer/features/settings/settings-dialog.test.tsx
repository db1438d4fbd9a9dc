import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createFakeDesktopApi, type FakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makeAlert } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

async function openSettings(api: FakeDesktopApi = createFakeDesktopApi()) {
  const station = await renderStation(api);
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Configurações' }));
  return { ...station, user, dialog: screen.getByRole('dialog', { name: 'Configurações' }) };
}

describe('Configurações', () => {
  it('tests each alarm sound', async () => {
    const { api, user, dialog } = await openSettings();
    await user.click(within(dialog).getByRole('button', { name: 'Testar alarme crítico' }));
    await user.click(within(dialog).getByRole('button', { name: 'Testar alarme alto' }));
    await user.click(within(dialog).getByRole('button', { name: 'Testar alarme técnico' }));
    expect(vi.mocked(api.testSound).mock.calls).toEqual([['alarm-high'], ['alarm-medium'], ['alarm-technical']]);
  });

  it('turns privacy mode on, and names become initials everywhere', async () => {
    const api = createFakeDesktopApi({ alerts: byId(makeAlert({ id: 'a1', severity: 'medium' })) });
    const { user, dialog } = await openSettings(api);
    const privacy = within(dialog).getByRole('checkbox', { name: 'Modo privacidade' });
    expect(privacy).not.toBeChecked();
    await user.click(privacy);
    expect(api.setSettings).toHaveBeenCalledWith({ privacyMode: true });
    expect(privacy).toBeChecked();
    const alerts = screen.getByRole('region', { name: 'Alertas' });
    expect(within(alerts).getByText('M.S.')).toBeInTheDocument();
  });

  it('switches the whole screen to English at once', async () => {
    const { api, user, dialog } = await openSettings();
    const language = within(dialog).getByRole('combobox', { name: 'Idioma' });
    expect(within(language).getByRole('option', { name: 'Português (Brasil)' })).toBeInTheDocument();
    await user.selectOptions(language, 'en');
    expect(api.setSettings).toHaveBeenCalledWith({ locale: 'en' });
    expect(screen.getByRole('dialog', { name: 'Settings' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveValue('en');
    expect(screen.getByRole('region', { name: 'Alerts' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Patients' })).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Conversation' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent('Connected');
    expect(document.documentElement.lang).toBe('en');
  });

  it('chooses the theme (Sistema, Claro, Escuro) and puts it on the page', async () => {
    const { api, user, dialog } = await openSettings();
    const theme = within(dialog).getByRole('combobox', { name: 'Tema' });
    expect(
      within(theme)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Sistema', 'Claro', 'Escuro']);
    await user.selectOptions(theme, 'dark');
    expect(api.setSettings).toHaveBeenCalledWith({ theme: 'dark' });
    expect(document.documentElement.dataset['theme']).toBe('dark');
  });

  it('shows what IT locked as disabled, with the reason', async () => {
    const api = createFakeDesktopApi();
    api.settings = { ...api.settings, locked: ['privacyMode', 'locale', 'startAtLogin'] };
    const { dialog } = await openSettings(api);
    for (const control of [
      within(dialog).getByRole('checkbox', { name: 'Modo privacidade' }),
      within(dialog).getByRole('combobox', { name: 'Idioma' }),
      within(dialog).getByRole('checkbox', { name: 'Iniciar com o sistema' }),
    ]) {
      expect(control).toBeDisabled();
      expect(control).toHaveAccessibleDescription(/Bloqueado pela TI do hospital/);
    }
    expect(within(dialog).getByRole('combobox', { name: 'Tema' })).toBeEnabled();
  });

  it('says so when the station refuses a setting', async () => {
    const api = createFakeDesktopApi();
    api.setSettings = async () => {
      throw new Error('[locked_setting] theme');
    };
    const { user, dialog } = await openSettings(api);
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Tema' }), 'dark');
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Não foi possível salvar a configuração.');
    expect(within(dialog).getByRole('combobox', { name: 'Tema' })).toHaveValue('light');
  });

  it('offers start at login only where it means something', async () => {
    const api = createFakeDesktopApi();
    api.stationInfo = { ...api.stationInfo, host: 'browser', serverUrlSource: 'origin', supportsStartAtLogin: false };
    const { dialog } = await openSettings(api);
    expect(within(dialog).queryByRole('checkbox', { name: 'Iniciar com o sistema' })).not.toBeInTheDocument();
  });

  it('closes with Escape and gives focus back to the button that opened it', async () => {
    const { user } = await openSettings();
    expect(screen.getByRole('dialog')).toContainElement(document.activeElement as HTMLElement);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Configurações' })).toHaveFocus();
  });

  it('can be opened from the sign-in screen too (language before signing in)', async () => {
    const { dialog } = await openSettings(createFakeDesktopApi({ user: undefined }));
    expect(within(dialog).getByRole('combobox', { name: 'Idioma' })).toBeInTheDocument();
  });
});
