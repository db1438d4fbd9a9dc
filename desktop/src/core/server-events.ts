import {
  AlertEscalatedPayloadSchema,
  AlertPayloadSchema,
  AlertUpdatedPayloadSchema,
  ConversationUpdatePayloadSchema,
  NewPatientPayloadSchema,
  PatientStatusChangePayloadSchema,
  PresenceUpdatePayloadSchema,
  PriorityUpdatePayloadSchema,
  ServerEvent,
  type ServerEventName,
} from '@plantao/shared';
import type { z } from 'zod';
import type { StoreApi } from 'zustand/vanilla';
import type { AlertIntake } from './alert-intake';
import type { CatchUpGate } from './catch-up';
import type { CoreLogger } from './logger';
import type { Scheduler } from './scheduler';
import type { StationState } from './station-core';
import { applyConversationUpdate, applyNewPatient, applyPatientStatusChange, applyPriorityUpdate, type StoreLimits } from './store';

export interface ServerEventsOptions {
  store: StoreApi<StationState>;
  intake: AlertIntake;
  /** Holds live alerts while a (re)connect's replay is being told apart. */
  gate: CatchUpGate;
  limits: StoreLimits;
  scheduler: Scheduler;
  logger: CoreLogger;
  tenantId: () => string | undefined;
}

export type ServerEventHandler = (event: ServerEventName, payload: unknown) => void;

/**
 * Every server → station event: parsed with its shared schema (a bad payload
 * is logged and dropped, never half-applied), then applied to the store.
 * Alerts go through the intake, or wait in the catch-up gate right after a
 * (re)connect.
 */
export function createServerEventHandler(options: ServerEventsOptions): ServerEventHandler {
  const { store, intake, gate, limits } = options;
  const set = (partial: Partial<StationState>) => store.setState(partial);

  const parse = <S extends z.ZodType>(event: ServerEventName, schema: S, payload: unknown): z.infer<S> | undefined => {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return parsed.data;
    options.logger.error('invalid server payload dropped', {
      event,
      tenantId: options.tenantId(),
      issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
    return undefined;
  };

  return (event, payload) => {
    switch (event) {
      case ServerEvent.CriticalAlert: {
        const alert = parse(event, AlertPayloadSchema, payload);
        if (!alert || !intake.belongsHere(alert)) return;
        if (!gate.offer(alert)) intake.ingest([alert], 'live');
        return;
      }
      case ServerEvent.AlertUpdated: {
        const update = parse(event, AlertUpdatedPayloadSchema, payload);
        if (update) intake.applyUpdate(update);
        return;
      }
      case ServerEvent.AlertEscalated: {
        const escalation = parse(event, AlertEscalatedPayloadSchema, payload);
        if (escalation) intake.applyEscalation(escalation);
        return;
      }
      case ServerEvent.PresenceUpdate: {
        const presence = parse(event, PresenceUpdatePayloadSchema, payload);
        if (presence) set({ stationsOnline: presence.stationsOnline });
        return;
      }
      case ServerEvent.ConversationUpdate: {
        const update = parse(event, ConversationUpdatePayloadSchema, payload);
        if (update) set({ conversations: applyConversationUpdate(store.getState().conversations, update, limits) });
        return;
      }
      case ServerEvent.PriorityUpdate: {
        const update = parse(event, PriorityUpdatePayloadSchema, payload);
        if (update) set(applyPriorityUpdate(store.getState(), update));
        return;
      }
      case ServerEvent.NewPatient: {
        const patient = parse(event, NewPatientPayloadSchema, payload);
        if (patient) set(applyNewPatient(store.getState(), patient, options.scheduler.now()));
        return;
      }
      case ServerEvent.PatientStatusChange: {
        const change = parse(event, PatientStatusChangePayloadSchema, payload);
        if (change) set(applyPatientStatusChange(store.getState(), change));
        return;
      }
    }
  };
}
