import { describe, expect, it } from 'vitest';
import { Clock } from '../common/clock';
import { loadConfig } from '../config/app-config';
import { addressKey, type LoginAttempt, LoginThrottle, LoginThrottledException } from './login-throttle';

class TestClock extends Clock {
  t = 1_700_000_000_000;
  now(): number {
    return this.t;
  }
}

const setup = (env: Record<string, string> = {}) => {
  const clock = new TestClock();
  const config = loadConfig({ JWT_SECRET: 'x'.repeat(32), DATABASE_URL: 'sqlite::memory:', ...env });
  return { clock, throttle: new LoginThrottle(config, clock) };
};

const fail = (throttle: LoginThrottle, email: string, ip: string) => throttle.begin(email, ip).settle('failure');
/** The Retry-After seconds of a refused attempt; an allowed one is settled at once. */
const refusal = (attempt: () => LoginAttempt) => {
  try {
    attempt().settle('error');
  } catch (error) {
    if (error instanceof LoginThrottledException) return error.retryAfterSeconds;
    throw error;
  }
  return undefined;
};

describe('LoginThrottle', () => {
  it('blocks an account after 10 failures, whatever the e-mail case, until the window is over', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 10; i++) fail(throttle, 'Ana@H.example', `10.0.0.${i}`);
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.1.1'))).toBe(300);
    clock.t += 120_000;
    expect(refusal(() => throttle.begin('ANA@h.example', '10.0.1.1'))).toBe(180);
    expect(refusal(() => throttle.begin('bia@h.example', '10.0.1.1'))).toBeUndefined();
    clock.t += 180_000;
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.1.1'))).toBeUndefined();
  });

  it('blocks an address after 50 failures across accounts; a success does not clear the address', () => {
    const { throttle } = setup();
    for (let i = 0; i < 49; i++) fail(throttle, `u${i}@h.example`, '192.0.2.7');
    throttle.begin('ok@h.example', '192.0.2.7').settle('success');
    fail(throttle, 'u49@h.example', '192.0.2.7');
    expect(refusal(() => throttle.begin('ok@h.example', '192.0.2.7'))).toBe(300);
    expect(refusal(() => throttle.begin('ok@h.example', '192.0.2.8'))).toBeUndefined();
  });

  it('a success clears the account count; failures outside the window are forgotten', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 9; i++) fail(throttle, 'ana@h.example', '10.0.0.1');
    throttle.begin('ana@h.example', '10.0.0.2').settle('success');
    for (let i = 0; i < 9; i++) fail(throttle, 'ana@h.example', '10.0.0.3');
    clock.t += 301_000;
    fail(throttle, 'ana@h.example', '10.0.0.4');
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.0.5'))).toBeUndefined();
  });

  it('counts attempts in flight, so a parallel burst cannot get past the limit', () => {
    const { throttle } = setup();
    const inFlight = Array.from({ length: 10 }, () => throttle.begin('ana@h.example', '10.0.0.1'));
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.0.1'))).toBe(1);
    for (const attempt of inFlight) attempt.settle('failure');
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.0.1'))).toBe(300);
  });

  it('an error (database down) is not a failure; 0 turns a limit off', () => {
    const { throttle } = setup({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '0', LOGIN_MAX_FAILURES_PER_ADDRESS: '2' });
    throttle.begin('ana@h.example', '10.0.0.1').settle('error');
    throttle.begin('ana@h.example', '10.0.0.1').settle('error');
    expect(refusal(() => throttle.begin('ana@h.example', '10.0.0.1'))).toBeUndefined();
    fail(throttle, 'ana@h.example', '10.0.0.1');
    fail(throttle, 'bia@h.example', '10.0.0.1');
    expect(refusal(() => throttle.begin('cid@h.example', '10.0.0.1'))).toBe(300);
  });

  it('keys an address as plain IPv4, or an IPv6 address by its /64', () => {
    expect(addressKey('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:a:b:1:2:3:4')).toBe('2001:0db8:000a:000b::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:0db8:0000:0000::/64');
    expect(addressKey('2001:db8:a:b::99')).toBe(addressKey('2001:db8:a:b:ffff::1'));
    expect(addressKey('::1')).toBe('0000:0000:0000:0000::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
