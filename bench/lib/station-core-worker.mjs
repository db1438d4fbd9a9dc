// P6a's station: the real station core (desktop/dist/core, as the Electron
// main process runs it) in a process of its own, so its memory is the only
// thing on this heap. Started by bench/station-core.mjs with --expose-gc and
// driven over IPC:
//   env STATION_SERVER_URL, STATION_DIR (its state file goes there)
//   → {type:'login'}        logs in (the bench's server accepts any nurse) and connects
//   → {type:'measure'}      full GC, then {type:'measured', heapUsed, rss, held, ...}
//   → {type:'stop'}         station.stop() (flushes the state file), then exits
// It exits by itself if the orchestrator goes away.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';

// desktop/dist is CommonJS (tsc), as the Electron main process loads it.
const requireDesktop = createRequire(new URL('../../desktop/dist/core/', import.meta.url));
const { createStation } = requireDesktop('./create-station.js');
const { createFileStorage } = requireDesktop('./file-storage.js');

const dir = process.env.STATION_DIR;
const sent = (message) => process.send?.(message);
const counts = { saves: 0, savedBytes: 0, sounds: 0, notifications: 0 };

// The file storage as the desktop app uses it, counting what each save writes.
const file = createFileStorage(dir);
const storage = {
  load: () => file.load(),
  clear: () => file.clear(),
  async save(data) {
    await file.save(data);
    counts.saves += 1;
    counts.savedBytes += statSync(file.path).size;
  },
};

const quiet = {
  debug() {},
  info() {},
  warn() {},
  error: (msg, context) => process.stderr.write(`station error: ${msg} ${JSON.stringify(context ?? {})}\n`),
};
const station = createStation({
  serverUrl: process.env.STATION_SERVER_URL,
  storage,
  outputs: { notify: () => void (counts.notifications += 1), playSound: () => void (counts.sounds += 1) },
  station: { id: 'bench-station-p6', name: 'Posto P6', host: 'bench', appVersion: 'bench' },
  transports: ['websocket'],
  logger: quiet,
});

function measure() {
  // Twice: the second pass collects what the first one's finalizers released.
  globalThis.gc();
  globalThis.gc();
  const memory = process.memoryUsage();
  const { alerts, lastSeq } = station.store.getState();
  const held = Object.values(alerts);
  let fileBytes = 0;
  try {
    fileBytes = statSync(file.path).size;
  } catch {
    // not written yet
  }
  const cpu = process.cpuUsage();
  return {
    type: 'measured',
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    held: held.length,
    unacknowledgedCritical: held.filter((a) => a.severity === 'critical' && a.acknowledgedBy === undefined).length,
    unread: held.filter((a) => !a.readByMe && a.acknowledgedBy === undefined).length,
    lastSeq,
    fileBytes,
    cpuMs: (cpu.user + cpu.system) / 1000,
    ...counts,
  };
}

process.on('message', async (message) => {
  try {
    if (message.type === 'login') {
      await station.login('nurse@p6.bench', 'bench-password-not-a-secret');
      sent({ type: 'logged-in' });
    } else if (message.type === 'measure') {
      sent(measure());
    } else if (message.type === 'stop') {
      await station.stop();
      sent({ type: 'stopped' });
      process.exit(0);
    }
  } catch (error) {
    sent({ type: 'error', message: error instanceof Error ? error.stack : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
sent({ type: 'ready' });
