import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATION_CSP } from '../src/station/station-files';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with the path sent exactly as written: fetch would normalise `..` away before sending. */
function get(baseUrl: string, path: string): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const PAGE =
  '<!doctype html><html><head><script type="module" src="/station/assets/main-abc123.js"></script></head><body>station page</body></html>';
const SECRET = 'not-for-the-browser';

describe('browser station page at /station', () => {
  let db: TestDatabase;
  let server: TestServer;
  let empty: TestServer;
  let root: string;

  beforeAll(async () => {
    // <root>/station is served; <root>/secret.txt sits just outside it.
    root = mkdtempSync(join(tmpdir(), 'plantao-station-'));
    const dir = join(root, 'station');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    mkdirSync(join(dir, 'sounds'));
    writeFileSync(join(dir, 'index.html'), PAGE);
    writeFileSync(join(dir, 'assets', 'main-abc123.js'), 'console.log("station");');
    writeFileSync(join(dir, 'sounds', 'alarm-high.wav'), Buffer.from('RIFF0000WAVE'));
    writeFileSync(join(dir, '.env'), SECRET);
    writeFileSync(join(root, 'secret.txt'), SECRET);
    mkdirSync(join(root, 'not-built'));
    db = await createTestDatabase();
    server = await startTestServer({ databaseUrl: db.url, env: { STATION_DIR: dir } });
    empty = await startTestServer({ databaseUrl: db.url, env: { STATION_DIR: join(root, 'not-built') } });
  });
  afterAll(async () => {
    await server?.close();
    await empty?.close();
    await db?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['/station', '/station/', '/station/alerts/42'])(
    'serves the page at %s under the strict CSP, never cached stale',
    async (path) => {
      const res = await get(server.url, path);
      expect(res.status).toBe(200);
      expect(res.body).toBe(PAGE);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toBe(STATION_CSP);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves hashed assets as immutable and the alarm sounds as audio, with the right types', async () => {
    const script = await get(server.url, '/station/assets/main-abc123.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['x-content-type-options']).toBe('nosniff');

    const sound = await get(server.url, '/station/sounds/alarm-high.wav');
    expect(sound.status).toBe(200);
    expect(sound.headers['content-type']).toBe('audio/wav');
  });

  it('answers a missing file 404 in the contract error shape', async () => {
    const res = await get(server.url, '/station/assets/missing-123.js');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ statusCode: 404, error: 'Not Found', message: 'Not found' });
  });

  it.each([
    '/station/../secret.txt',
    '/station/assets/../../secret.txt',
    '/station/%2e%2e/secret.txt',
    '/station/..%2fsecret.txt',
    '/station/%2e%2e%2fsecret.txt',
    '/station/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/station/..%5csecret.txt',
    '/station/%252e%252e%252fsecret.txt',
    '/station/.env',
    '/station/%2eenv',
    '/station/../package.json',
    '/station/%2e%2e/%2e%2e/%2e%2e/package.json',
  ])('refuses %s', async (path) => {
    const res = await get(server.url, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
    expect(res.body).not.toContain('"workspaces"');
    expect(JSON.parse(res.body)).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('says the station is not built when its directory has no index.html', async () => {
    for (const path of ['/station', '/station/', '/station/assets/main-abc123.js']) {
      const res = await get(empty.url, path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body)).toEqual({ statusCode: 404, error: 'Not Found', message: 'station not built: run npm run build' });
    }
  });

  it('leaves the API alone: no station CSP on /health', async () => {
    const res = await get(server.url, '/health');
    expect(res.status).toBe(200);
    // The API has helmet's own CSP (common/security-headers.ts), not the station page's.
    expect(res.headers['content-security-policy']).not.toBe(STATION_CSP);
  });
});
