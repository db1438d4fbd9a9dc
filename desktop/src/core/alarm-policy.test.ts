import { describe, expect, it } from 'vitest';
import { type AlarmAlert, type AlarmTexts, createAlarmPolicy, escalatedRepeatFor, SILENCE_MS } from './alarm-policy';
import { FakeScheduler, recordingOutputs } from '../../test/support/station-fakes';

const texts: AlarmTexts = {
  alert: (id) => ({ id, alertId: id, title: `alert ${id}`, body: '', urgency: 'critical' }),
  catchUp: (count, anyCritical) => ({
    id: 'catch-up',
    title: 'catch-up',
    body: String(count),
    urgency: anyCritical ? 'critical' : 'normal',
  }),
  criticalReminder: (count) => ({ id: 'reminder', title: 'reminder', body: String(count), urgency: 'critical' }),
  connectionLost: () => ({ id: 'connection', title: 'lost', body: '', urgency: 'critical' }),
  connectionRestored: () => ({ id: 'connection', title: 'restored', body: '', urgency: 'normal' }),
};

const alert = (id: string, severity: AlarmAlert['severity'], acknowledged = false): AlarmAlert => ({ id, severity, acknowledged });

function setup(options: { burstIntervalMs?: number; technicalAlarmAfterMs?: number } = {}) {
  const clock = new FakeScheduler();
  const outputs = recordingOutputs();
  const silences: Array<number | undefined> = [];
  const policy = createAlarmPolicy({ outputs, scheduler: clock, texts, onSilenceChange: (until) => silences.push(until), ...options });
  return { clock, outputs, policy, silences };
}

describe('alarm policy', () => {
  it('critical: notification + high alarm at once, repeated every burst until acknowledged', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('a1', 'critical')], 'live');
    expect(outputs.notifications.map((n) => n.id)).toEqual(['a1']);
    expect(outputs.sounds).toEqual(['alarm-high']);

    clock.advance(29_999);
    expect(outputs.sounds).toHaveLength(1);
    clock.advance(1);
    expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
    expect(outputs.notifications.map((n) => n.id)).toEqual(['a1', 'a1']); // same id: replaces, never stacks
    clock.advance(60_000);
    expect(outputs.soundCount('alarm-high')).toBe(4);

    policy.acknowledged(['a1']);
    clock.advance(10 * 60_000);
    expect(outputs.soundCount('alarm-high')).toBe(4);
    expect(clock.pendingTimers).toBe(0);
  });

  it('uses the configured burst interval', () => {
    const { clock, outputs, policy } = setup({ burstIntervalMs: 5_000 });
    policy.alertsArrived([alert('a1', 'critical')], 'live');
    clock.advance(15_000);
    expect(outputs.soundCount('alarm-high')).toBe(4);
  });

  it('several critical alerts share one repeating burst and one reminder notification', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('a1', 'critical')], 'live');
    clock.advance(10_000);
    policy.alertsArrived([alert('a2', 'critical')], 'live');
    outputs.clear();
    clock.advance(30_000);
    expect(outputs.sounds).toEqual(['alarm-high']);
    expect(outputs.notifications).toEqual([expect.objectContaining({ id: 'reminder', body: '2' })]);
    policy.acknowledged(['a1']);
    outputs.clear();
    clock.advance(30_000);
    expect(outputs.notifications.map((n) => n.id)).toEqual(['a2']);
    policy.acknowledged(['a2']);
    outputs.clear();
    clock.advance(120_000);
    expect(outputs.sounds).toEqual([]);
  });

  it('high: notification + medium alarm, once', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('h1', 'high')], 'live');
    clock.advance(5 * 60_000);
    expect(outputs.sounds).toEqual(['alarm-medium']);
    expect(outputs.notifications.map((n) => n.id)).toEqual(['h1']);
  });

  it('medium and low: badge only (no notification, no sound)', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('m1', 'medium'), alert('l1', 'low')], 'live');
    clock.advance(5 * 60_000);
    expect(outputs.sounds).toEqual([]);
    expect(outputs.notifications).toEqual([]);
  });

  it('an alert acknowledged before it arrived does not alarm', () => {
    const { outputs, policy } = setup();
    policy.alertsArrived([alert('a1', 'critical', true)], 'live');
    expect(outputs.sounds).toEqual([]);
    expect(policy.repeating).toEqual([]);
  });

  it('catch-up: one summary instead of one popup each; unacknowledged critical ones still sound and repeat', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived(
      [alert('c1', 'critical'), alert('c2', 'critical', true), alert('h1', 'high'), alert('m1', 'medium'), alert('c3', 'critical')],
      'catch-up',
    );
    expect(outputs.notifications).toEqual([expect.objectContaining({ id: 'catch-up', body: '3', urgency: 'critical' })]);
    expect(outputs.sounds).toEqual(['alarm-high']);
    expect(policy.repeating).toEqual(['c1', 'c3']);
    clock.advance(30_000);
    expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
  });

  it('catch-up of one alert shows that alert; of high ones only, a medium alarm once', () => {
    const single = setup();
    single.policy.alertsArrived([alert('c1', 'critical'), alert('m1', 'medium')], 'catch-up');
    expect(single.outputs.notifications.map((n) => n.id)).toEqual(['c1']);

    const highs = setup();
    highs.policy.alertsArrived([alert('h1', 'high'), alert('h2', 'high')], 'catch-up');
    expect(highs.outputs.notifications).toEqual([expect.objectContaining({ id: 'catch-up', body: '2', urgency: 'normal' })]);
    expect(highs.outputs.sounds).toEqual(['alarm-medium']);
    highs.clock.advance(5 * 60_000);
    expect(highs.outputs.sounds).toEqual(['alarm-medium']);
  });

  it('restored alerts (app restart) repeat from the next burst, without a new alarm now', () => {
    const { clock, outputs, policy } = setup();
    policy.restore([alert('c1', 'critical'), alert('c2', 'critical', true), alert('h1', 'high')]);
    expect(outputs.sounds).toEqual([]);
    expect(policy.repeating).toEqual(['c1']);
    clock.advance(30_000);
    expect(outputs.sounds).toEqual(['alarm-high']);
  });

  describe('silence for 2 minutes', () => {
    it('suppresses repeats for 2 min, is visible, then alarms again at once if still unacknowledged', () => {
      const { clock, outputs, policy, silences } = setup();
      policy.alertsArrived([alert('c1', 'critical')], 'live');
      const until = policy.silence();
      expect(until).toBe(clock.now() + SILENCE_MS);
      expect(policy.silencedUntil).toBe(until);
      expect(silences).toEqual([until]);
      outputs.clear();

      clock.advance(SILENCE_MS - 1);
      expect(outputs.sounds).toEqual([]);
      clock.advance(1);
      expect(outputs.sounds).toEqual(['alarm-high']);
      expect(policy.silencedUntil).toBeUndefined();
      expect(silences).toEqual([until, undefined]);
      clock.advance(30_000);
      expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
    });

    it('pressing again restarts the 2 minutes from now (never adds up)', () => {
      const { clock, policy } = setup();
      policy.alertsArrived([alert('c1', 'critical')], 'live');
      policy.silence();
      clock.advance(90_000);
      const until = policy.silence();
      expect(until).toBe(clock.now() + SILENCE_MS);
      policy.silence();
      expect(policy.silencedUntil).toBe(clock.now() + SILENCE_MS);
    });

    it('a NEW critical alert breaks the silence', () => {
      const { clock, outputs, policy, silences } = setup();
      policy.alertsArrived([alert('c1', 'critical')], 'live');
      policy.silence();
      clock.advance(10_000);
      outputs.clear();
      policy.alertsArrived([alert('c2', 'critical')], 'live');
      expect(outputs.sounds).toEqual(['alarm-high']);
      expect(policy.silencedUntil).toBeUndefined();
      expect(silences.at(-1)).toBeUndefined();
      clock.advance(30_000);
      expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
    });

    it('a new high alert still sounds once during a silence, without ending it', () => {
      const { outputs, policy } = setup();
      policy.silence();
      policy.alertsArrived([alert('h1', 'high')], 'live');
      expect(outputs.sounds).toEqual(['alarm-medium']);
      expect(policy.silencedUntil).toBeDefined();
    });
  });

  describe('technical alarm', () => {
    it('disconnected for more than 10 s: notification + technical sound, repeated while down, then "restored"', () => {
      const { clock, outputs, policy } = setup({ burstIntervalMs: 20_000 });
      policy.connectionLost();
      clock.advance(9_999);
      expect(outputs.sounds).toEqual([]);
      clock.advance(1);
      expect(outputs.sounds).toEqual(['alarm-technical']);
      expect(outputs.notifications).toEqual([expect.objectContaining({ title: 'lost', urgency: 'critical' })]);
      expect(policy.technicalAlarmActive).toBe(true);
      clock.advance(40_000);
      expect(outputs.soundCount('alarm-technical')).toBe(3);

      policy.connectionLost(); // repeated reports of the same outage change nothing
      policy.connectionRestored();
      expect(outputs.notifications.at(-1)).toEqual(expect.objectContaining({ title: 'restored' }));
      clock.advance(5 * 60_000);
      expect(outputs.soundCount('alarm-technical')).toBe(3);
    });

    it('a short blip (reconnected within 10 s) raises nothing', () => {
      const { clock, outputs, policy } = setup();
      policy.connectionLost();
      clock.advance(5_000);
      policy.connectionRestored();
      clock.advance(60_000);
      expect(outputs.sounds).toEqual([]);
      expect(outputs.notifications).toEqual([]);
    });

    it('silence suppresses technical repeats too, but not the first alarm of an outage', () => {
      const { clock, outputs, policy } = setup({ technicalAlarmAfterMs: 2_000 });
      policy.silence();
      policy.connectionLost();
      clock.advance(2_000);
      expect(outputs.sounds).toEqual(['alarm-technical']);
      clock.advance(60_000);
      expect(outputs.sounds).toEqual(['alarm-technical']);
      clock.advance(60_000); // silence over: alarms again at once
      expect(outputs.soundCount('alarm-technical')).toBe(2);
    });
  });

  it('a host output that throws does not stop the other output or later alarms', () => {
    const clock = new FakeScheduler();
    const sounds: string[] = [];
    const policy = createAlarmPolicy({
      scheduler: clock,
      texts,
      outputs: {
        notify: () => {
          throw new Error('notification daemon gone');
        },
        playSound: (kind) => void sounds.push(kind),
      },
    });
    policy.alertsArrived([alert('c1', 'critical')], 'live');
    clock.advance(30_000);
    expect(sounds).toEqual(['alarm-high', 'alarm-high']);
  });

  it('reset stops everything and leaves the policy usable', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('c1', 'critical')], 'live');
    policy.connectionLost();
    policy.silence();
    policy.reset();
    expect(clock.pendingTimers).toBe(0);
    expect(policy.silencedUntil).toBeUndefined();
    outputs.clear();
    clock.advance(10 * 60_000);
    expect(outputs.sounds).toEqual([]);
    policy.alertsArrived([alert('c2', 'critical')], 'live');
    expect(outputs.sounds).toEqual(['alarm-high']);
  });
});

describe('alarm policy: escalated critical alerts (issue #9)', () => {
  const escalated = (id: string): AlarmAlert => ({ ...alert(id, 'critical'), escalated: true });

  it('an escalation rings the louder alarm at once and then more often, until acknowledged', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([alert('a1', 'critical')], 'live');
    clock.advance(30_000);
    expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
    outputs.clear();

    policy.escalated([escalated('a1')]);
    expect(outputs.sounds).toEqual(['alarm-escalated']);
    expect(outputs.notifications.map((n) => n.id)).toEqual(['a1']); // the alert's own notification, re-worded by its texts
    expect(policy.escalatedRepeating).toEqual(['a1']);
    // 30 s burst interval → every 10 s while escalated, always the louder sound.
    clock.advance(30_000);
    expect(outputs.sounds).toEqual(['alarm-escalated', 'alarm-escalated', 'alarm-escalated', 'alarm-escalated']);

    policy.acknowledged(['a1']);
    outputs.clear();
    clock.advance(10 * 60_000);
    expect(outputs.sounds).toEqual([]);
    expect(policy.escalatedRepeating).toEqual([]);
  });

  it('the pace: a third of the burst interval, 6–10 s, never slower than the normal pace', () => {
    expect(escalatedRepeatFor(30_000)).toBe(10_000);
    expect(escalatedRepeatFor(300_000)).toBe(10_000);
    expect(escalatedRepeatFor(21_000)).toBe(7_000);
    expect(escalatedRepeatFor(12_000)).toBe(6_000);
    expect(escalatedRepeatFor(5_000)).toBe(5_000);
  });

  it('breaks a silence: nobody acknowledged in time, so whoever silenced must hear it', () => {
    const { clock, outputs, policy, silences } = setup();
    policy.alertsArrived([alert('a1', 'critical')], 'live');
    policy.silence();
    clock.advance(60_000);
    outputs.clear();
    policy.escalated([escalated('a1')]);
    expect(outputs.sounds).toEqual(['alarm-escalated']);
    expect(policy.silencedUntil).toBeUndefined();
    expect(silences.at(-1)).toBeUndefined();
    clock.advance(10_000);
    expect(outputs.soundCount('alarm-escalated')).toBe(2);
  });

  it('ignores escalations of acknowledged or non-critical alerts', () => {
    const { outputs, policy } = setup();
    policy.escalated([
      { ...escalated('a1'), acknowledged: true },
      { ...escalated('h1'), severity: 'high' },
    ]);
    expect(outputs.sounds).toEqual([]);
    expect(outputs.notifications).toEqual([]);
    expect(policy.repeating).toEqual([]);
  });

  it('an alert that arrives already escalated (replayed after an outage) rings the louder alarm from the start', () => {
    const { clock, outputs, policy } = setup();
    policy.alertsArrived([escalated('a1'), alert('a2', 'critical')], 'catch-up');
    expect(outputs.sounds).toEqual(['alarm-escalated']);
    clock.advance(10_000);
    expect(outputs.sounds).toEqual(['alarm-escalated', 'alarm-escalated']);
    // With the escalated one acknowledged, the other goes back to the normal sound and pace.
    policy.acknowledged(['a1']);
    outputs.clear();
    clock.advance(10_000); // the repeat already scheduled
    expect(outputs.sounds).toEqual(['alarm-high']);
    clock.advance(29_999);
    expect(outputs.sounds).toEqual(['alarm-high']);
    clock.advance(1);
    expect(outputs.sounds).toEqual(['alarm-high', 'alarm-high']);
  });

  it('several waiting, some escalated: one reminder that counts the escalated ones', () => {
    const clock = new FakeScheduler();
    const outputs = recordingOutputs();
    const policy = createAlarmPolicy({
      outputs,
      scheduler: clock,
      texts: {
        ...texts,
        criticalReminder: (count, escalatedCount) => ({
          id: 'reminder',
          title: '',
          body: `${count}/${escalatedCount}`,
          urgency: 'critical',
        }),
      },
    });
    policy.alertsArrived([alert('a1', 'critical'), alert('a2', 'critical')], 'live');
    policy.escalated([escalated('a1')]);
    outputs.clear();
    clock.advance(10_000);
    expect(outputs.notifications).toEqual([expect.objectContaining({ id: 'reminder', body: '2/1' })]);
  });

  it('keeps repeating louder after a restart (restored escalated alerts)', () => {
    const { clock, outputs, policy } = setup();
    policy.restore([escalated('a1')]);
    expect(outputs.sounds).toEqual([]);
    clock.advance(10_000);
    expect(outputs.sounds).toEqual(['alarm-escalated']);
  });
});
