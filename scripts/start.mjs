// `npm start`: the product on one machine. Starts the server (embedded SQLite
// with demo data unless DATABASE_URL says otherwise) and the Electron station
// pointed at it. Where Electron cannot start (binary not installed, no
// display), it says so in one line and points to the browser station.
// Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const port = process.env.PORT ?? '3000';
const children = [];

const server = spawn(process.execPath, ['server/dist/main.js'], { stdio: 'inherit', env: { ...process.env, PORT: port } });
children.push(server);
server.on('exit', (code) => {
  for (const child of children) if (child !== server) child.kill('SIGTERM');
  process.exit(code ?? 0);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
  });
}

async function waitForHealth(url, attempts = 150) {
  for (let i = 0; i < attempts; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/**
 * The Electron binary, without `require('electron')`: that call tries to
 * download the binary when it is missing, which hangs on a closed network.
 */
function electronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { reason: 'the Electron binary was not downloaded (no network access to its release server)' };
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { binary } : { reason: `the Electron binary is missing (${binary})` };
}

function whyNoDesktop() {
  if (process.env.PLANTAO_NO_DESKTOP === '1') return { reason: 'PLANTAO_NO_DESKTOP=1' };
  if (!existsSync('desktop/dist/main/index.js')) return { reason: 'the desktop app is not built (run npm run build)' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'no display (DISPLAY is not set)' };
  return electronBinary();
}

const serverUrl = `http://localhost:${port}`;
if (await waitForHealth(serverUrl)) {
  const { binary, reason } = whyNoDesktop();
  const browserStation = `${serverUrl}/station`;
  if (binary) {
    const desktop = spawn(binary, ['desktop'], { stdio: 'inherit', env: { ...process.env, PLANTAO_SERVER_URL: serverUrl } });
    children.push(desktop);
    desktop.on('error', (error) => console.error(`Desktop app could not start (${error.message}). Browser station: ${browserStation}`));
    desktop.on('exit', (code) => {
      if (code) console.error(`Desktop app exited with code ${code}. Browser station: ${browserStation}`);
    });
  } else {
    console.log(`Desktop app not started: ${reason}. Open the browser station instead: ${browserStation}`);
    if (process.env.NODE_ENV !== 'production' && process.env.SEED_DEMO !== 'false') {
      const { DEMO_USERS } = require('../server/dist/db/seed-demo.js');
      console.log(`Demo logins: ${DEMO_USERS.map((u) => `${u.email} / ${u.password} (${u.role})`).join(', ')}`);
    }
  }
} else {
  console.error(`The server did not answer ${serverUrl}/health in 30 s.`);
}
