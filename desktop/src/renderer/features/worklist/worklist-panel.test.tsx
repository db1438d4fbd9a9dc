import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../../test-support/fake-desktop-api';
import { byId, makePatient, minutesAgo, NOW } from '../../test-support/fixtures';
import { renderStation } from '../../test-support/render-station';

const region = () => screen.getByRole('region', { name: 'Pacientes' });
const order = () =>
  within(region())
    .getAllByRole('listitem')
    .map((item) => item.querySelector('.patient__name')?.textContent);

const patients = byId(
  makePatient({ id: 'jose', name: 'José Pereira', bed: '7', priority: 30, status: 'in_treatment' }),
  makePatient({ id: 'maria', name: 'Maria Souza', bed: '12', priority: 80 }),
  makePatient({ id: 'ana', name: 'Ana Lima', bed: '3', status: 'active', newAt: NOW - 60_000 }),
);

describe('Pacientes (worklist)', () => {
  it('asks for the patient list once signed in, and shows patients highest priority first', async () => {
    const station = await renderStation(createFakeDesktopApi({ patients }));
    expect(station.api.listPatients).toHaveBeenCalledTimes(1);
    expect(order()).toEqual(['Maria Souza', 'José Pereira', 'Ana Lima']);
    const maria = within(region()).getByRole('button', { name: /Leito 12 Maria Souza/ });
    expect(within(maria).getByText('Prioridade 80')).toBeInTheDocument();
    expect(within(maria).getByText('Crítica')).toBeInTheDocument();
    expect(within(maria).getByText('Internado')).toBeInTheDocument();
    expect(within(region()).getByText('Sem prioridade')).toBeInTheDocument();
  });

  it('reorders when a priority update arrives, and says why', async () => {
    const station = await renderStation(createFakeDesktopApi({ patients }));
    station.push((s) => ({
      ...s,
      patients: { ...s.patients, jose: { ...s.patients['jose']!, priority: 90 } },
      priorities: {
        jose: {
          patientId: 'jose',
          oldPriority: 30,
          newPriority: 90,
          category: 'critical',
          reason: 'alert:critical_symptom',
          timestamp: minutesAgo(0),
        },
      },
    }));
    expect(order()).toEqual(['José Pereira', 'Maria Souza', 'Ana Lima']);
    const jose = within(region()).getByRole('button', { name: /José Pereira/ });
    expect(within(jose).getByText('de 30 para 90')).toBeInTheDocument();
    expect(within(jose).getByText('Novo alerta: Sintoma relatado')).toBeInTheDocument();
  });

  it('explains server reasons it knows in words, and shows others as sent', async () => {
    const station = await renderStation(createFakeDesktopApi({ patients }));
    const update = (patientId: string, reason: string) => ({
      patientId,
      oldPriority: 10,
      newPriority: 20,
      category: 'low' as const,
      reason,
      timestamp: minutesAgo(0),
    });
    station.push((s) => ({
      ...s,
      priorities: { maria: update('maria', 'conversation:replied'), jose: update('jose', 'transferred to ICU') },
    }));
    expect(within(region()).getByText('Enfermagem respondeu')).toBeInTheDocument();
    expect(within(region()).getByText('transferred to ICU')).toBeInTheDocument();
  });

  it('marks a new patient until opened on this station, and opening shows the conversation', async () => {
    const station = await renderStation(createFakeDesktopApi({ patients }));
    const ana = within(region()).getByRole('button', { name: /Ana Lima/ });
    expect(within(ana).getByText('Novo')).toBeInTheDocument();

    await userEvent.setup().click(ana);
    expect(ana).toHaveAttribute('aria-current', 'true');
    expect(within(ana).queryByText('Novo')).not.toBeInTheDocument();
    expect(station.api.subscribePatient).toHaveBeenCalledWith('ana');
    expect(within(screen.getByRole('region', { name: 'Conversa' })).getByRole('heading', { name: 'Leito 3 Ana Lima' })).toBeInTheDocument();
  });

  it('opens a patient from the keyboard (Tab to it, Enter)', async () => {
    const station = await renderStation(createFakeDesktopApi({ patients }));
    const maria = within(region()).getByRole('button', { name: /Maria Souza/ });
    maria.focus();
    await userEvent.setup().keyboard('{Enter}');
    expect(station.api.subscribePatient).toHaveBeenCalledWith('maria');
    expect(maria).toHaveAttribute('aria-current', 'true');
  });

  it('says so when the list could not be refreshed', async () => {
    const api = createFakeDesktopApi({ patients });
    api.listPatients = async () => {
      throw new Error('[server_unreachable] down');
    };
    await renderStation(api);
    expect(within(region()).getByRole('alert')).toHaveTextContent('Não foi possível atualizar a lista de pacientes.');
    expect(order()).toHaveLength(3);
  });
});
