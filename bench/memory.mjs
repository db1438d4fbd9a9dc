#!/usr/bin/env node
// P2: server memory per idle station, Plantão vs bare Socket.io with the same
// options (bench/bare-server.mjs: same socket.io package, ping 5 s / 3 s,
// 64 KiB buffer limit, no compression, default transports).
//
//   node bench/memory.mjs [--stations 10000] [--result FILE] ...   (--help)
//
// For each server, on a fresh process (and database): warm the connect path
// with a few sockets, read the memory after a full GC ("before"), connect the
// stations from several client processes, hold them idle for more than two
// ping intervals, read the memory after a full GC again ("after"). Per station
// = (after - before) / stations. Stations authenticate as the desktop station
// does: the tenant's nurse token, `auth.station` identity, `lastSeq`.
// Memory is read inside the server by a preloaded probe (bench/lib/fleet-mem-probe.cjs:
// `--expose-gc`, SIGUSR2), so the product has no bench-only code path.
import { join, resolve } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { MiB, bareServer, plantaoServer, readMemory, seedTenants, signIn, startFleet, stationIdentity, tempDir } from './lib/fleet.mjs';
import { cleanupAll, freePort, onCleanup } from './lib/processes.mjs';

const USAGE = `Usage: node bench/memory.mjs [flags]     P2: server memory per idle station (default run ~2 minutes)

  --stations N           stations connected to each server                 (default 10000)
  --tenants N            hospitals the stations are spread over            (default 50)
  --workers N            client processes holding the sockets              (default 4)
  --idle S               seconds held idle before the reading (> 2 pings)  (default 12)
  --connect-concurrency N handshakes in flight per client process          (default 50)
  --only plantao|bare    measure one server only
  --heap-snapshot DIR    also write heap snapshots before/after to DIR/<server>/
                         (use with fewer stations; bench/lib/fleet-heap-diff.mjs compares them)
  --cpu-prof DIR         V8 CPU profile of the Plantão server to DIR
  --result FILE          write the axis result (JSON) to FILE
  --max-minutes M        abort after M minutes                              (default 6)
`;

function parse(argv) {
  const o = { stations: 10000, tenants: 50, workers: 4, idle: 12, connectConcurrency: 50, maxMinutes: 6 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const num = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: not a positive number`);
      return n;
    };
    if (flag === '--help' || flag === '-h') o.help = true;
    else if (flag === '--stations') o.stations = Math.floor(num());
    else if (flag === '--tenants') o.tenants = Math.floor(num());
    else if (flag === '--workers') o.workers = Math.floor(num());
    else if (flag === '--idle') o.idle = num();
    else if (flag === '--connect-concurrency') o.connectConcurrency = Math.floor(num());
    else if (flag === '--max-minutes') o.maxMinutes = num();
    else if (flag === '--only') o.only = value();
    else if (flag === '--heap-snapshot') o.heapSnapshot = resolve(value());
    else if (flag === '--result') o.result = resolve(value());
    else if (flag === '--cpu-prof') o.cpuProf = resolve(value());
    else throw new Error(`unknown flag ${argv[i]}\n\n${USAGE}`);
  }
  if (o.only && !['plantao', 'bare'].includes(o.only)) throw new Error('--only must be plantao or bare');
  if (o.stations > 20000) throw new Error('--stations is capped at 20000 (ulimit -n and ephemeral ports)');
  if (o.tenants > o.stations) throw new Error('--tenants cannot exceed --stations');
  return o;
}

const WARMUP = 200;

/** One server: warm-up, before, N stations idle, after. */
async function measure(kind, o) {
  let memDir = tempDir(`plantao-mem-${kind}-`);
  const extraEnv = {};
  if (o.heapSnapshot) {
    memDir = join(o.heapSnapshot, kind);
    mkdirSync(memDir, { recursive: true });
    extraEnv.BENCH_HEAP_SNAPSHOT = 'true';
  }
  let server;
  let specFor;
  if (kind === 'plantao') {
    const dir = tempDir('plantao-mem-db-');
    const databaseUrl = `sqlite:${join(dir, 'bench.db')}`;
    server = plantaoServer({ dir, port: await freePort(), databaseUrl, memDir, extraEnv, cpuProf: o.cpuProf });
    await server.start();
    const tenants = await seedTenants(databaseUrl, o.tenants);
    await signIn(server.url, tenants);
    specFor = (i) => {
      const t = tenants[i % tenants.length];
      return { tenantId: t.id, auth: { token: t.nurseToken, lastSeq: 0, station: stationIdentity(i) } };
    };
  } else {
    server = bareServer({ memDir, extraEnv });
    await server.start();
    specFor = (i) => ({ tenantId: `bare-t${i % o.tenants}`, auth: { tenant: `bare-t${i % o.tenants}` } });
  }
  try {
    // Warm-up: the connect path's code compiled and its caches filled before "before", so they are not counted per station.
    const warm = await startFleet({ workers: 1 });
    await warm.open(
      Array.from({ length: WARMUP }, (_, i) => specFor(o.stations + i)),
      { url: server.socketUrl, kind: 'idle', concurrency: 20 },
    );
    await warm.close();
    await sleep(1500);
    const before = await readMemory(server.pid, memDir);

    const fleet = await startFleet({ workers: o.workers });
    const specs = Array.from({ length: o.stations }, (_, i) => specFor(i));
    const opened = await fleet.open(specs, { url: server.socketUrl, kind: 'idle', concurrency: o.connectConcurrency, timeoutMs: 60_000 });
    const afterConnect = await fleet.status();
    await sleep(o.idle * 1000);
    const held = await fleet.status();
    const after = await readMemory(server.pid, memDir);
    await fleet.close();
    const perStation = (k) => (after[k] - before[k]) / o.stations / 1024;
    return {
      kind,
      opened,
      connectedAfterConnect: afterConnect.connected,
      held: held.connected,
      drops: held.drops,
      reasons: held.reasons,
      before,
      after,
      rssKB: perStation('rss'),
      heapKB: perStation('heapUsed'),
      externalKB: perStation('external'),
    };
  } finally {
    await server.stop();
  }
}

const kb = (v) => (v === undefined ? 'n/a' : `${v.toFixed(1)} KB`);
const mib = (v) => `${(v / MiB).toFixed(1)} MiB`;

async function main() {
  const o = parse(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  const deadline = setTimeout(() => {
    console.error(`memory: aborting after ${o.maxMinutes} minutes`);
    void cleanupAll().then(() => process.exit(2));
  }, o.maxMinutes * 60_000);
  deadline.unref();
  const load = loadavg()[0];
  const results = {};
  for (const kind of ['plantao', 'bare']) {
    if (o.only && o.only !== kind) continue;
    const started = performance.now();
    results[kind] = await measure(kind, o);
    const r = results[kind];
    console.log(
      `${kind.padEnd(8)} ${o.stations} stations: connected ${r.opened.opened} (failed ${r.opened.failed}) in ${r.opened.seconds.toFixed(1)} s, ` +
        `held after ${o.idle} s idle ${r.held}, drops ${r.drops}; RSS ${mib(r.before.rss)} -> ${mib(r.after.rss)}, heap ${mib(r.before.heapUsed)} -> ${mib(r.after.heapUsed)}; ` +
        `per station RSS ${kb(r.rssKB)}, heap ${kb(r.heapKB)}, external ${kb(r.externalKB)} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    if (Object.keys(r.opened.errors).length) console.log(`  connect errors: ${JSON.stringify(r.opened.errors)}`);
    if (r.drops) console.log(`  disconnect reasons: ${JSON.stringify(r.reasons)}`);
  }
  const p = results.plantao;
  const b = results.bare;
  const ratio = (v, base) => (v !== undefined && base ? Math.round((v / base) * 100) / 100 : null);
  const round1 = (v) => (v === undefined ? null : Math.round(v * 10) / 10);
  const heldAll = p ? p.held === o.stations && p.drops === 0 : undefined;
  const stationsLabel = o.stations.toLocaleString('en-US');
  const rows = [
    {
      label: 'RSS per idle station',
      value: round1(p?.rssKB),
      baseline: round1(b?.rssKB),
      unit: 'KB',
      ratio: ratio(p?.rssKB, b?.rssKB),
      goal: '<= 1.1',
      met: p && b ? p.rssKB / b.rssKB <= 1.1 : null,
    },
    {
      label: 'V8 heap (used) per idle station',
      value: round1(p?.heapKB),
      baseline: round1(b?.heapKB),
      unit: 'KB',
      ratio: ratio(p?.heapKB, b?.heapKB),
      goal: null,
      met: null,
    },
    {
      label: `${stationsLabel} stations held by one instance`,
      value: p ? p.held : null,
      baseline: b ? b.held : null,
      unit: 'stations',
      ratio: ratio(p?.held, b?.held),
      goal: `all ${stationsLabel}, none dropped`,
      met: p ? heldAll : null,
      note: `after ${o.idle} s idle (ping every ${5} s)`,
    },
  ];
  const context = [
    `${o.stations} stations over ${o.tenants} tenants from ${o.workers} client processes; readings after a full GC; 1-min load average at start ${load.toFixed(2)}`,
    ...Object.values(results).map(
      (r) =>
        `${r.kind}: RSS ${mib(r.before.rss)} -> ${mib(r.after.rss)}, heap ${mib(r.before.heapUsed)} -> ${mib(r.after.heapUsed)}, connect ${r.opened.seconds.toFixed(1)} s, drops ${r.drops}`,
    ),
  ];
  const result = { axis: 'P2', title: `memory per idle station (${stationsLabel} stations)`, rows, context };
  console.log('\nP2 memory per idle station');
  for (const row of rows)
    console.log(
      `  ${row.label.padEnd(40)} ${String(row.value ?? 'n/a').padStart(8)} ${String(row.baseline ?? 'n/a').padStart(8)} ${row.unit.padEnd(9)} ${row.ratio === null ? '' : `x${row.ratio.toFixed(2)}`} ${row.goal ? `goal ${row.goal}: ${row.met ? 'met' : 'NOT met'}` : ''}`,
    );
  if (o.result) writeFileSync(o.result, JSON.stringify(result, null, 2));
}

onCleanup(() => {});
process.once('SIGINT', () => void cleanupAll().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanupAll().then(() => process.exit(143)));
main()
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
