import { describe, expect, it } from 'vitest';
import { mayScrape, metricsAccess } from './metrics-access';

const production = { env: 'production' as const, metricsPublic: false };
const development = { env: 'development' as const, metricsPublic: false };

describe('who may scrape /metrics', () => {
  it('is open in development and test without a token, as before', () => {
    expect(metricsAccess(development)).toBe('open');
    expect(metricsAccess({ env: 'test', metricsPublic: false })).toBe('open');
    expect(mayScrape(development, undefined)).toBe(true);
  });

  it('is closed in production without a token, whatever the request carries', () => {
    expect(metricsAccess(production)).toBe('closed');
    expect(mayScrape(production, undefined)).toBe(false);
    expect(mayScrape(production, 'Bearer ')).toBe(false);
    expect(mayScrape(production, 'Bearer anything')).toBe(false);
  });

  it('is open in production when METRICS_PUBLIC=true and no token is set', () => {
    expect(metricsAccess({ ...production, metricsPublic: true })).toBe('open');
    expect(mayScrape({ ...production, metricsPublic: true }, undefined)).toBe(true);
  });

  it('wants exactly the bearer token when METRICS_TOKEN is set, in every environment and even with METRICS_PUBLIC', () => {
    for (const config of [
      { ...production, metricsToken: 's3cret-token' },
      { ...development, metricsToken: 's3cret-token' },
      { ...production, metricsPublic: true, metricsToken: 's3cret-token' },
    ]) {
      expect(metricsAccess(config)).toBe('token');
      expect(mayScrape(config, 'Bearer s3cret-token')).toBe(true);
      expect(mayScrape(config, undefined)).toBe(false);
      expect(mayScrape(config, 's3cret-token')).toBe(false);
      expect(mayScrape(config, 'Bearer s3cret-token ')).toBe(false);
      expect(mayScrape(config, 'Bearer s3cret-toke')).toBe(false);
      expect(mayScrape(config, 'Basic s3cret-token')).toBe(false);
    }
  });
});
