import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { type AddressInfo, connect, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlyListener } from './early-listener';

const get = (port: number, path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });

/** Real sockets: connections made before the app exists are answered by it once it listens on the same socket. */
describe('EarlyListener', () => {
  let app: HttpServer | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (app?.listening ? app.close(resolve) : resolve(undefined)));
    app = undefined;
  });

  it('holds connections until the app listens on the same socket, then the app answers them and every new one', async () => {
    const early = await EarlyListener.listen(0, '127.0.0.1');
    const { port } = early.handle.address() as AddressInfo;
    // Two requests sent while nothing can answer them: accepted, not refused, and left waiting.
    const before = [get(port, '/first'), get(port, '/second')];
    await expect.poll(() => early.held).toBe(2);
    let answered = false;
    void Promise.all(before).then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);

    app = createHttpServer((req, res) => res.end(`app:${req.url}`));
    await new Promise<void>((resolve) => app!.listen(early.handle, resolve));
    early.handOver(app);
    expect(await Promise.all(before)).toEqual([
      { status: 200, body: 'app:/first' },
      { status: 200, body: 'app:/second' },
    ]);
    expect((app.address() as AddressInfo).port).toBe(port);
    expect(await get(port, '/after')).toEqual({ status: 200, body: 'app:/after' });
    expect(early.held).toBe(0);
  });

  it('a client that gave up while waiting costs nothing: the others are answered', async () => {
    const early = await EarlyListener.listen(0, '127.0.0.1');
    const { port } = early.handle.address() as AddressInfo;
    const quitter = connect(port, '127.0.0.1');
    await expect.poll(() => early.held).toBe(1);
    quitter.end('GET / HTTP/1.1\r\nHost: x\r\n');
    quitter.destroy();
    const waiting = get(port, '/still-here');
    await expect.poll(() => early.held).toBe(2);
    app = createHttpServer((req, res) => res.end(`app:${req.url}`));
    await new Promise<void>((resolve) => app!.listen(early.handle, resolve));
    early.handOver(app);
    expect(await waiting).toEqual({ status: 200, body: 'app:/still-here' });
    expect(await get(port, '/')).toEqual({ status: 200, body: 'app:/' });
  });

  it('fails like the app would when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      await expect(EarlyListener.listen((taken.address() as AddressInfo).port, '127.0.0.1')).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
