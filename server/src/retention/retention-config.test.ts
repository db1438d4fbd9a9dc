import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config';

const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'sqlite::memory:' };

describe('retention settings from the environment', () => {
  it('keeps everything by default, purging hourly in batches of 500', () => {
    expect(loadConfig(base)).toMatchObject({ retentionDays: 0, retentionPurgeIntervalMs: 3_600_000, retentionBatchSize: 500 });
  });

  it('accepts 0 or 7–7300 days', () => {
    for (const days of ['0', '7', '90', '7300']) expect(loadConfig({ ...base, RETENTION_DAYS: days }).retentionDays).toBe(Number(days));
  });

  it('stops start-up, naming the variable, on a window the purge must not apply', () => {
    for (const days of ['3', '6', '7301', '-1', '30.5', 'ninety']) {
      expect(() => loadConfig({ ...base, RETENTION_DAYS: days })).toThrow(/RETENTION_DAYS/);
    }
    expect(() => loadConfig({ ...base, RETENTION_BATCH_SIZE: '0' })).toThrow(/RETENTION_BATCH_SIZE/);
  });
});
