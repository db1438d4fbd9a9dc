import type { Severity } from '@plantao/shared';
import { type CoreLogger, errorContext, silentLogger } from './logger';
import type { AlarmOutputs, NotificationRequest, SoundKind } from './ports';
import { type Scheduler, Timer } from './scheduler';

/**
 * When the station alarms, and how loudly. Pure decision logic over an
 * injected scheduler and the host's outputs (no I/O of its own), so every
 * rule below is unit-tested with a fake clock.
 *
 * - critical: notification + `alarm-high` at once, then repeated every burst
 *   interval until the alert is acknowledged (here or at any station).
 * - high: notification + `alarm-medium`, once.
 * - medium / low: nothing here (the badge counts them).
 * - Alerts replayed after a (re)connect ("catch-up") are summarised in ONE
 *   notification instead of one popup each; unacknowledged critical ones still
 *   sound and repeat.
 * - Escalated (issue #9: a critical alert nobody acknowledged in time, told
 *   by the server): the same high-priority burst, louder (`alarm-escalated`),
 *   at once and then every `escalatedRepeatMs` (shorter than the burst
 *   interval) while any escalated alert waits; the notification says
 *   "ESCALADO". An escalation is news: it breaks a silence, like a new
 *   critical alert. Acknowledging stops it as any critical alarm.
 * - Disconnected for longer than `technicalAlarmAfterMs`: technical alarm
 *   (notification + `alarm-technical`), repeated while still disconnected;
 *   "connection restored" once it is back.
 * - "Silence for 2 minutes" suppresses the *repeats* (critical and technical)
 *   for `silenceMs` from the moment it is pressed (pressing again restarts the
 *   2 minutes, never adds up). A NEW critical alert breaks the silence: a nurse
 *   who silenced a known alarm must still hear the next patient. When the
 *   silence ends, whatever is still unacknowledged alarms again at once.
 */
export interface AlarmAlert {
  id: string;
  severity: Severity;
  acknowledged: boolean;
  /** The server escalated it (any level): it rings louder and more often. */
  escalated?: boolean;
}

/** Builds the notifications (localised, privacy-aware) the policy decides to show. */
export interface AlarmTexts {
  alert(alertId: string): NotificationRequest;
  catchUp(count: number, anyCritical: boolean): NotificationRequest;
  /** `escalated`: how many of the `count` were escalated. */
  criticalReminder(count: number, escalated: number): NotificationRequest;
  connectionLost(): NotificationRequest;
  connectionRestored(): NotificationRequest;
}

export interface AlarmPolicyOptions {
  outputs: AlarmOutputs;
  scheduler: Scheduler;
  texts: AlarmTexts;
  /** Pause between repeated bursts of an unacknowledged critical alert. Default 30 s. */
  burstIntervalMs?: number;
  /** Disconnected this long → technical alarm. Default 10 s. */
  technicalAlarmAfterMs?: number;
  /** Pause between repeated technical alarms. Default: the burst interval. */
  technicalRepeatMs?: number;
  /** Pause between repeats while an escalated alert waits. Default: `escalatedRepeatFor(burstIntervalMs)`. */
  escalatedRepeatMs?: number;
  /** Length of "silence". Default 2 min. */
  silenceMs?: number;
  /** The silence started, was extended, broken or ended (`undefined`). */
  onSilenceChange?(until: number | undefined): void;
  logger?: CoreLogger;
}

export type AlertOrigin = 'live' | 'catch-up';

export interface AlarmPolicy {
  /** Alerts this station had never seen. */
  alertsArrived(alerts: readonly AlarmAlert[], origin: AlertOrigin): void;
  /**
   * Unacknowledged critical alerts already seen before an app restart: they
   * keep repeating from the next burst on, without a new alarm right now.
   */
  restore(alerts: readonly AlarmAlert[]): void;
  /**
   * Alerts already held whose escalation went up (`alert_escalated`): louder and
   * more often from now on, with a notification saying so.
   */
  escalated(alerts: readonly AlarmAlert[]): void;
  /** Acknowledged here or at another station: stop repeating them. */
  acknowledged(alertIds: readonly string[]): void;
  connectionLost(): void;
  connectionRestored(): void;
  /** "Silence for 2 minutes"; returns the end of the silence (epoch ms). */
  silence(): number;
  readonly silencedUntil: number | undefined;
  /** Ids of the critical alerts currently repeating. */
  readonly repeating: readonly string[];
  /** Those of them that were escalated (they set the louder, faster pace). */
  readonly escalatedRepeating: readonly string[];
  readonly technicalAlarmActive: boolean;
  /** Forgets every alert and stops every timer (logout, stop); the policy stays usable. */
  reset(): void;
}

export const DEFAULT_BURST_INTERVAL_MS = 30_000;
export const DEFAULT_TECHNICAL_ALARM_AFTER_MS = 10_000;
export const SILENCE_MS = 2 * 60_000;

/**
 * The repeat pace of an escalated alarm: a third of the burst interval, between
 * 6 s (the 3.3 s burst plus IEC 60601-1-8's shortest high-priority interburst
 * interval, 2.5 s) and 10 s, and never slower than the normal pace. 30 s → 10 s.
 */
export function escalatedRepeatFor(burstIntervalMs: number): number {
  return Math.min(burstIntervalMs, Math.max(6_000, Math.min(10_000, burstIntervalMs / 3)));
}

const needsAttention = (alert: AlarmAlert) => !alert.acknowledged && (alert.severity === 'critical' || alert.severity === 'high');

export function createAlarmPolicy(options: AlarmPolicyOptions): AlarmPolicy {
  const { outputs, scheduler, texts } = options;
  const log = options.logger ?? silentLogger;
  const burstIntervalMs = options.burstIntervalMs ?? DEFAULT_BURST_INTERVAL_MS;
  const technicalAfterMs = options.technicalAlarmAfterMs ?? DEFAULT_TECHNICAL_ALARM_AFTER_MS;
  const technicalRepeatMs = options.technicalRepeatMs ?? burstIntervalMs;
  const escalatedRepeatMs = options.escalatedRepeatMs ?? escalatedRepeatFor(burstIntervalMs);
  const silenceMs = options.silenceMs ?? SILENCE_MS;

  /** Unacknowledged critical alerts, in arrival order. */
  const repeating = new Set<string>();
  /** The escalated ones among them. */
  const escalated = new Set<string>();
  const criticalTimer = new Timer(scheduler);
  const technicalTimer = new Timer(scheduler);
  const silenceTimer = new Timer(scheduler);
  let silencedUntil: number | undefined;
  let disconnected = false;
  let technicalActive = false;

  // A host output that throws must not stop the other output or the policy.
  const notify = (request: NotificationRequest) => {
    try {
      outputs.notify(request);
    } catch (error) {
      log.error('notify failed', { notificationId: request.id, ...errorContext(error) });
    }
  };
  const play = (kind: SoundKind) => {
    try {
      outputs.playSound(kind);
    } catch (error) {
      log.error('playSound failed', { kind, ...errorContext(error) });
    }
  };

  const isSilenced = () => silencedUntil !== undefined && scheduler.now() < silencedUntil;

  const setSilence = (until: number | undefined) => {
    silencedUntil = until;
    options.onSilenceChange?.(until);
  };

  const breakSilence = () => {
    if (silencedUntil === undefined) return;
    silenceTimer.clear();
    setSilence(undefined);
    log.info('silence broken by a new critical alert');
  };

  const criticalSound = (): SoundKind => (escalated.size > 0 ? 'alarm-escalated' : 'alarm-high');

  const remindCritical = () => {
    if (repeating.size === 0) return;
    play(criticalSound());
    const [only] = repeating;
    notify(repeating.size === 1 && only !== undefined ? texts.alert(only) : texts.criticalReminder(repeating.size, escalated.size));
  };

  const scheduleCriticalRepeat = () => {
    if (repeating.size === 0) {
      criticalTimer.clear();
      return;
    }
    criticalTimer.set(
      () => {
        if (!isSilenced()) remindCritical();
        scheduleCriticalRepeat();
      },
      escalated.size > 0 ? escalatedRepeatMs : burstIntervalMs,
    );
  };

  const technicalAlarm = () => {
    notify(texts.connectionLost());
    play('alarm-technical');
  };

  const scheduleTechnicalRepeat = () => {
    technicalTimer.set(() => {
      if (!isSilenced()) technicalAlarm();
      scheduleTechnicalRepeat();
    }, technicalRepeatMs);
  };

  /** Critical ones start (or join) the repeating alarm; the sound plays once per call, not once per alert. */
  const soundFor = (fresh: readonly AlarmAlert[]) => {
    const critical = fresh.filter((alert) => alert.severity === 'critical');
    if (critical.length > 0) {
      for (const alert of critical) {
        repeating.add(alert.id);
        if (alert.escalated === true) escalated.add(alert.id);
      }
      breakSilence();
      play(criticalSound());
      scheduleCriticalRepeat();
    } else if (fresh.some((alert) => alert.severity === 'high')) {
      play('alarm-medium');
    }
  };

  return {
    alertsArrived(alerts, origin) {
      const fresh = alerts.filter(needsAttention);
      if (fresh.length === 0) return;
      const [only] = fresh;
      if (origin === 'catch-up' && fresh.length > 1) {
        notify(
          texts.catchUp(
            fresh.length,
            fresh.some((alert) => alert.severity === 'critical'),
          ),
        );
      } else if (fresh.length === 1 && only !== undefined) {
        notify(texts.alert(only.id));
      } else {
        for (const alert of fresh) notify(texts.alert(alert.id));
      }
      soundFor(fresh);
    },

    restore(alerts) {
      for (const alert of alerts) {
        if (alert.severity !== 'critical' || alert.acknowledged) continue;
        repeating.add(alert.id);
        if (alert.escalated === true) escalated.add(alert.id);
      }
      if (repeating.size > 0 && !criticalTimer.pending) scheduleCriticalRepeat();
    },

    escalated(alerts) {
      const rising = alerts.filter((alert) => alert.severity === 'critical' && !alert.acknowledged);
      if (rising.length === 0) return;
      for (const alert of rising) {
        repeating.add(alert.id);
        escalated.add(alert.id);
      }
      log.warn('critical alert escalated: louder and more often', {
        alertIds: rising.map((alert) => alert.id),
        repeatMs: escalatedRepeatMs,
      });
      // Nobody acknowledged in time: whoever silenced the alarm must hear this.
      breakSilence();
      const [only] = rising;
      notify(rising.length === 1 && only !== undefined ? texts.alert(only.id) : texts.criticalReminder(repeating.size, escalated.size));
      play('alarm-escalated');
      scheduleCriticalRepeat();
    },

    acknowledged(alertIds) {
      let changed = false;
      for (const id of alertIds) {
        escalated.delete(id);
        changed = repeating.delete(id) || changed;
      }
      if (changed && repeating.size === 0) criticalTimer.clear();
    },

    connectionLost() {
      if (disconnected) return;
      disconnected = true;
      technicalTimer.set(() => {
        technicalActive = true;
        log.warn('technical alarm: disconnected from the server', { afterMs: technicalAfterMs });
        // The first technical alarm of an outage is a new event: it sounds even during a silence.
        technicalAlarm();
        scheduleTechnicalRepeat();
      }, technicalAfterMs);
    },

    connectionRestored() {
      if (!disconnected) return;
      disconnected = false;
      technicalTimer.clear();
      if (technicalActive) {
        technicalActive = false;
        notify(texts.connectionRestored());
      }
    },

    silence() {
      const until = scheduler.now() + silenceMs;
      setSilence(until);
      silenceTimer.set(() => {
        setSilence(undefined);
        // Whatever is still unacknowledged alarms again at once.
        if (repeating.size > 0) {
          remindCritical();
          scheduleCriticalRepeat();
        }
        if (technicalActive) {
          technicalAlarm();
          scheduleTechnicalRepeat();
        }
      }, silenceMs);
      return until;
    },

    get silencedUntil() {
      return silencedUntil;
    },
    get repeating() {
      return [...repeating];
    },
    get escalatedRepeating() {
      return [...escalated];
    },
    get technicalAlarmActive() {
      return technicalActive;
    },

    reset() {
      criticalTimer.clear();
      technicalTimer.clear();
      silenceTimer.clear();
      repeating.clear();
      escalated.clear();
      if (silencedUntil !== undefined) setSilence(undefined);
      disconnected = false;
      technicalActive = false;
    },
  };
}
