import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestId, requestLinesWritten, requestSummary, responseSummary, withoutQuery } from './logger-options';

function exchange(headers: Record<string, string | string[]>) {
  const set: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (set[name] = value) } as unknown as ServerResponse;
  return { req: { headers } as IncomingMessage, res, set };
}

describe('request log lines', () => {
  it('keep the method, the path without its query, the id, and the status: nothing else', () => {
    const req = {
      id: 'r-1',
      method: 'GET',
      url: '/api/alerts?afterSeq=3&token=abc',
      query: { token: 'abc' },
      headers: { authorization: 'Bearer abc', cookie: 'c=1' },
      remoteAddress: '10.0.0.1',
    };
    expect(requestSummary(req)).toEqual({ id: 'r-1', method: 'GET', url: '/api/alerts?[redacted]' });
    expect(responseSummary({ statusCode: 200, headers: { 'set-cookie': 'x' } } as { statusCode: number })).toEqual({ statusCode: 200 });
    expect(withoutQuery('/health')).toBe('/health');
  });

  it("take the proxy's X-Request-Id when it looks like one, else a new UUID, and echo it", () => {
    const given = exchange({ 'x-request-id': 'edge-4f2a.9:1' });
    expect(requestId(given.req, given.res)).toBe('edge-4f2a.9:1');
    expect(given.set['X-Request-Id']).toBe('edge-4f2a.9:1');
    for (const bad of ['has space', 'x'.repeat(129), '"quoted"', '']) {
      const odd = exchange({ 'x-request-id': bad });
      expect(requestId(odd.req, odd.res)).toMatch(/^[0-9a-f-]{36}$/);
    }
    const repeated = exchange({ 'x-request-id': ['a', 'b'] });
    expect(requestId(repeated.req, repeated.res)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('are worked out only when the level writes them (info and below), so LOG_LEVEL=warn costs no request-line work', () => {
    for (const level of ['trace', 'debug', 'info']) expect(requestLinesWritten(level)).toBe(true);
    for (const level of ['warn', 'error', 'fatal', 'silent']) expect(requestLinesWritten(level)).toBe(false);
  });
});
