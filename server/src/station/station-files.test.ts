import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATION_CSP, stationFileFor, stationHeaders } from './station-files';

const dir = join('/srv', 'plantao', 'station');

describe('stationFileFor', () => {
  it('serves the page for the root and for extension-less routes', () => {
    for (const path of ['', '/', '/alerts', '/alerts/123/', '/assets/']) expect(stationFileFor(dir, path)).toBe('index.html');
  });

  it('names files inside the build directory', () => {
    expect(stationFileFor(dir, '/assets/index-Bx1.js')).toBe('assets/index-Bx1.js');
    expect(stationFileFor(dir, '/sounds/alarm-high.wav')).toBe('sounds/alarm-high.wav');
    expect(stationFileFor(dir, '//sounds//alarm-high.wav')).toBe('sounds/alarm-high.wav');
  });

  it('refuses every way out of the directory, encoded or not', () => {
    const attempts = [
      '/../package.json',
      '/assets/../../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/%2e%2e%2f%2e%2e%2fpackage.json',
      '/..%5cpackage.json',
      '/assets\\..\\..\\package.json',
      '/%00index.html',
      '/.env',
      '/assets/.hidden.js',
      '/%E0%A4%A',
    ];
    for (const path of attempts) expect(stationFileFor(dir, path), path).toBeUndefined();
  });
});

describe('stationHeaders', () => {
  it('always sends the strict CSP and no-sniff, and caches only hashed assets for good', () => {
    expect(stationHeaders('index.html')).toMatchObject({
      'Content-Security-Policy': STATION_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    expect(stationHeaders('assets/index-Bx1.js')['Cache-Control']).toBe('public, max-age=31536000, immutable');
    expect(stationHeaders('sounds/alarm-high.wav')['Cache-Control']).toBe('no-cache');
    expect(stationHeaders(undefined)['Content-Security-Policy']).toBe(STATION_CSP);
  });

  it('allows no inline code and no other origin', () => {
    expect(STATION_CSP).toContain("script-src 'self';");
    expect(STATION_CSP).toContain("style-src 'self';");
    expect(STATION_CSP).not.toMatch(/unsafe|\*|https?:/);
  });
});
