// `npm start`: the product on one machine. Starts the server (embedded SQLite
// with demo data unless DATABASE_URL says otherwise) and, when the desktop app
// is built, the Electron station pointed at it. Ctrl+C stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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

async function waitForHealth(url, attempts = 100) {
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

const serverUrl = `http://localhost:${port}`;
if ((await waitForHealth(serverUrl)) && existsSync('desktop/dist/main/index.js') && process.env.PLANTAO_NO_DESKTOP !== '1') {
  let electronBinary;
  try {
    electronBinary = require('electron');
  } catch (error) {
    console.error(`Desktop app not started (electron unavailable: ${error.message}). The server keeps running at ${serverUrl}.`);
  }
  if (electronBinary) {
    const desktop = spawn(electronBinary, ['desktop'], { stdio: 'inherit', env: { ...process.env, PLANTAO_SERVER_URL: serverUrl } });
    children.push(desktop);
    desktop.on('error', (error) => console.error(`Desktop app could not start (${error.message}). The server keeps running at ${serverUrl}.`));
    desktop.on('exit', (code) => {
      if (code) console.error(`Desktop app exited with code ${code}. The server keeps running at ${serverUrl}.`);
    });
  }
}
