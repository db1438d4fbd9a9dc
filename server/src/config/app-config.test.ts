import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_STATION_DIR, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('names the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', JWT_SECRET: 'x'.repeat(32) })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', JWT_SECRET: 'x'.repeat(32) })).toThrow(/DATABASE_URL/);
  });

  it('generates a development secret once and keeps it beside the SQLite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plantao-config-'));
    const env = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}` };
    const first = loadConfig(env).jwtSecret;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig(env).jwtSecret).toBe(first);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8')).toBe(first);
  });

  it('parses CORS origins and never seeds demo data in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      CORS_ORIGINS: 'https://a.example, https://b.example',
      SEED_DEMO: 'true',
    });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.seedDemo).toBe(false);
  });

  it('serves the browser station from the repo build unless STATION_DIR says otherwise', () => {
    const env = { JWT_SECRET: 'x'.repeat(32) };
    // <repo>/desktop/dist/station, wherever the server was started from.
    expect(DEFAULT_STATION_DIR.endsWith(join('desktop', 'dist', 'station'))).toBe(true);
    const repo = JSON.parse(readFileSync(resolve(DEFAULT_STATION_DIR, '../../../package.json'), 'utf8')) as { name?: string };
    expect(repo.name).toBe('plantao');
    expect(loadConfig(env).stationDir).toBe(DEFAULT_STATION_DIR);
    expect(loadConfig({ ...env, STATION_DIR: 'relative/station' }).stationDir).toBe(resolve('relative/station'));
  });
});
