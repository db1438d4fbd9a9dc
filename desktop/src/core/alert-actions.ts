import { IpcErrorCode } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { AlertIntake } from './alert-intake';
import type { CoreMessages } from './i18n';
import { type CoreLogger, errorContext } from './logger';
import { HttpError, type RestClient } from './rest-client';
import type { Scheduler } from './scheduler';
import type { StationCore, StationState } from './station-core';
import { codeOfRestFailure, StationError } from './station-error';
import type { StationSessions } from './station-session';

/** "Reconhecer" and "Marcar como lida". */
export type AlertActions = Pick<StationCore, 'ackAlert' | 'markAlertRead'>;

export interface AlertActionsOptions {
  sessions: Pick<StationSessions, 'current'>;
  rest: () => RestClient;
  store: StoreApi<StationState>;
  /** Where a confirmed action's effect lands, like the server's `alert_updated`. */
  intake: AlertIntake;
  text: () => CoreMessages;
  tenantId: () => string | undefined;
  /** Wait for the socket's answer before falling back to REST. */
  actionTimeoutMs: number;
  scheduler: Scheduler;
  logger: CoreLogger;
}

/**
 * Alert actions go over the socket first (fast, and the server broadcasts
 * them); when the socket is down or does not answer in time, over REST. A
 * refusal is an answer, not a reason to retry elsewhere. The confirmed effect
 * is applied here at once, in case the `alert_updated` broadcast is late.
 */
export function createAlertActions(options: AlertActionsOptions): AlertActions {
  const { store, intake, text } = options;
  const log = options.logger;

  /** Local effect of a confirmed action, in case the `alert_updated` broadcast is late. */
  const applyConfirmed = (action: 'ack' | 'read', alertId: string, userId: string) => {
    const alert = store.getState().alerts[alertId];
    if (!alert) return;
    intake.applyUpdate({
      alertId,
      seq: alert.seq,
      readBy: alert.readBy.includes(userId) ? alert.readBy : [...alert.readBy, userId],
      ...(action === 'ack'
        ? {
            acknowledgedBy: alert.acknowledgedBy ?? userId,
            acknowledgedAt: alert.acknowledgedAt ?? new Date(options.scheduler.now()).toISOString(),
          }
        : {}),
    });
  };

  const alertAction = async (action: 'ack' | 'read', alertId: string) => {
    const session = options.sessions.current();
    if (!session) throw new StationError(IpcErrorCode.NotLoggedIn, text().notLoggedIn);
    if (session.connection.connected) {
      try {
        const answer = await session.connection.alertAction(action, alertId, options.actionTimeoutMs);
        if (answer.ok) {
          applyConfirmed(action, alertId, session.user.id);
          return;
        }
        log.warn('alert action refused', { tenantId: options.tenantId(), alertId, action, code: answer.code, reason: answer.message });
        throw new StationError(IpcErrorCode.Refused, `${text().actionFailed} (${answer.code})`);
      } catch (error) {
        if (error instanceof StationError) throw error;
        log.warn('alert action not answered on the socket; trying REST', {
          tenantId: options.tenantId(),
          alertId,
          action,
          ...errorContext(error),
        });
      }
    }
    try {
      const token = await session.tokens.getFreshAccessToken();
      const update = await options.rest().alertAction(token, alertId, action);
      intake.applyUpdate(update);
    } catch (error) {
      log.warn('alert action failed', { tenantId: options.tenantId(), alertId, action, ...errorContext(error) });
      const status = error instanceof HttpError ? ` (${error.status})` : '';
      throw new StationError(codeOfRestFailure(error), `${text().actionFailed}${status}`, { cause: error });
    }
  };

  return {
    ackAlert: (alertId) => alertAction('ack', alertId),
    markAlertRead: (alertId) => alertAction('read', alertId),
  };
}
