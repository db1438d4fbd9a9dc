// Docker HEALTHCHECK of the Plantão server image (issue #11). Slim images have
// no curl: Node's own fetch asks the server's /health, which answers 200 only
// when the database and Redis (if configured) are up, within 750 ms per probe.
// Exit 0 healthy, 1 not (Docker's contract); the answer is printed so
// `docker inspect` shows why.
const port = process.env.PORT || '3000';
// The server binds HOST; a wildcard bind is reachable on loopback.
const host = !process.env.HOST || process.env.HOST === '0.0.0.0' || process.env.HOST === '::' ? '127.0.0.1' : process.env.HOST;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;

try {
  const response = await fetch(url, { signal: AbortSignal.timeout(4000) });
  console.log(`${response.status} ${await response.text()}`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  console.log(`${url}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
