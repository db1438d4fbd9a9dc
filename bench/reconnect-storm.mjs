#!/usr/bin/env node
// P4: reconnect storm. 2,000 stations connected, the server killed with -9 and
// restarted (same port, same database, as a supervisor does): time from the
// restart until every station is connected again AND holds every alert it
// missed, against the time bare Socket.io needs to get the same sockets back
// (no replay, nothing to miss).
//
//   node bench/reconnect-storm.mjs [--stations 2000] [--result FILE] ...   (--help)
//
// Plantão, per round:
//   1. N stations over T tenants (desktop station protocol: bench/lib/fleet-worker.mjs),
//      `--before` alerts per tenant posted and delivered to every station.
//   2. kill -9. While the server is down, `--missed` alerts per tenant are stored
//      in the database (as another instance behind the balancer would have).
//   3. After `--down` seconds, the server is started again; as soon as it answers
//      /health, `--after` more alerts per tenant are posted while the stations return.
//   4. Done when every station is connected and holds every alert of its tenant
//      (seq 1..last, by handshake replay from its lastSeq, its `sync`, or live).
// Bare: the same fleet, reconnection numbers and down time; done when every
// socket is connected again. Both fleets draw the same reconnection jitter
// (seeded Math.random in the client processes).
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { alertBody } from './lib/payload.mjs';
import {
  bareServer,
  hrNow,
  plantaoServer,
  requireServer,
  seedTenants,
  signIn,
  startFleet,
  stationIdentity,
  tempDir,
  waitFleet,
  waitHealthy,
} from './lib/fleet.mjs';
import { cleanupAll, freePort } from './lib/processes.mjs';
import { median } from './lib/stats.mjs';

const USAGE = `Usage: node bench/reconnect-storm.mjs [flags]   P4: reconnect storm (default run ~1.5 minutes)

  --stations N           stations                                          (default 2000)
  --tenants N            hospitals the stations are spread over            (default 50)
  --workers N            client processes holding the stations             (default 4)
  --before N             alerts per tenant delivered before the kill       (default 3)
  --missed N             alerts per tenant stored while the server is down (default 3)
  --after N              alerts per tenant posted right after the restart  (default 2)
  --down S               seconds between kill -9 and the restart           (default 2)
  --rounds N             rounds per server, alternating the order; medians (default 1)
  --only plantao|bare    one server only
  --cpu-prof DIR         V8 CPU profile of each Plantão process (the restarted one is the storm)
  --result FILE          write the axis result (JSON) to FILE
  --max-minutes M        abort after M minutes                              (default 6)

Reconnection on both sides: the desktop station's (1 s doubling to 30 s, jitter 0.5,
unlimited attempts, WebSocket then long-polling, 10 s connect timeout).
`;

function parse(argv) {
  const o = { stations: 2000, tenants: 50, workers: 4, before: 3, missed: 3, after: 2, down: 2, rounds: 1, maxMinutes: 6 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    const num = (min = 1) => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < min) throw new Error(`${flag}: not a number >= ${min}`);
      return n;
    };
    if (flag === '--help' || flag === '-h') o.help = true;
    else if (flag === '--stations') o.stations = Math.floor(num());
    else if (flag === '--tenants') o.tenants = Math.floor(num());
    else if (flag === '--workers') o.workers = Math.floor(num());
    else if (flag === '--before') o.before = Math.floor(num(0));
    else if (flag === '--missed') o.missed = Math.floor(num(0));
    else if (flag === '--after') o.after = Math.floor(num(0));
    else if (flag === '--down') o.down = num(0);
    else if (flag === '--rounds') o.rounds = Math.min(10, Math.floor(num()));
    else if (flag === '--max-minutes') o.maxMinutes = num();
    else if (flag === '--only') o.only = value();
    else if (flag === '--cpu-prof') o.cpuProf = resolve(value());
    else if (flag === '--result') o.result = resolve(value());
    else throw new Error(`unknown flag ${argv[i]}\n\n${USAGE}`);
  }
  if (o.only && !['plantao', 'bare'].includes(o.only)) throw new Error('--only must be plantao or bare');
  if (o.stations > 10000) throw new Error('--stations is capped at 10000');
  if (o.tenants > o.stations) throw new Error('--tenants cannot exceed --stations');
  return o;
}

const STORM_TIMEOUT_MS = 90_000;

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** node:http rather than fetch: fetch gives up connecting after 10 s, and a server under a storm may take longer to accept. */
function post(url, token, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
        timeout: 60_000,
      },
      (response) => {
        const chunks = [];
        response.on('data', (c) => chunks.push(c));
        response.on('end', () => {
          try {
            resolve({ status: response.statusCode, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('POST timed out after 60 s')));
    request.on('error', reject);
    request.end(payload);
  });
}

/** POSTs `perTenant` alerts to every tenant, 8 in flight; returns the highest seq per tenant seen in the answers. */
async function postAlerts(url, tenants, perTenant, phase, startN) {
  const jobs = [];
  for (let k = 0; k < perTenant; k++) for (const t of tenants) jobs.push(t);
  const seqs = {};
  let next = 0;
  let n = startN;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < jobs.length) {
        const t = jobs[next++];
        const body = alertBody(n++, phase, 'small');
        body.metadata.sentAt = hrNow();
        const { status, json: alert } = await post(`${url}/api/alerts`, t.agentToken, body);
        if (status !== 201) throw new Error(`POST /api/alerts: ${status} ${JSON.stringify(alert)}`);
        seqs[t.id] = Math.max(seqs[t.id] ?? 0, alert.seq);
      }
    }),
  );
  return seqs;
}

/** Stores alerts straight in the database while the server is down: what another instance would have taken in. */
async function storeWhileDown(databaseUrl, tenants, perTenant, startN) {
  const { openDatabase } = requireServer('./dist/db/create-database.js');
  const { AlertStore } = requireServer('./dist/alerts/alert-store.js');
  const handle = openDatabase(databaseUrl);
  const store = new AlertStore(handle, { isoNow: () => new Date().toISOString(), now: () => Date.now() });
  const seqs = {};
  let n = startN;
  try {
    for (let k = 0; k < perTenant; k++) {
      for (const t of tenants) {
        const { alert } = await store.append(t.id, alertBody(n++, 'missed', 'small'));
        seqs[t.id] = Math.max(seqs[t.id] ?? 0, alert.seq);
      }
    }
  } finally {
    await handle.db.destroy();
  }
  return seqs;
}

async function plantaoRound(o, round) {
  const dir = tempDir('plantao-storm-');
  const databaseUrl = `sqlite:${join(dir, 'storm.db')}`;
  const server = plantaoServer({ dir, port: await freePort(), databaseUrl, cpuProf: o.cpuProf });
  const fleet = { close: async () => {} };
  try {
    await server.start();
    const tenants = await seedTenants(databaseUrl, o.tenants);
    await signIn(server.url, tenants);
    Object.assign(fleet, await startFleet({ workers: o.workers, seed: round + 1 }));
    const specs = Array.from({ length: o.stations }, (_, i) => {
      const t = tenants[i % tenants.length];
      return { tenantId: t.id, auth: { token: t.nurseToken, station: stationIdentity(i) } };
    });
    const opened = await fleet.open(specs, { url: server.socketUrl, kind: 'station', protocol: 'plantao', concurrency: 25 });
    if (opened.failed) throw new Error(`Plantão: ${opened.failed} stations could not connect: ${JSON.stringify(opened.errors)}`);
    const targets = await postAlerts(server.url, tenants, o.before, 'before', 0);
    const settled = await waitFleet(fleet, { targets }, (s) => s.complete === o.stations, { timeoutMs: 30_000 });
    if (settled.complete !== o.stations)
      throw new Error(
        `Plantão: only ${settled.complete} stations got the alerts before the kill: ${JSON.stringify({ ...settled, ready: undefined, connect: undefined })}`,
      );

    const killedAt = hrNow();
    await server.kill();
    Object.assign(targets, await storeWhileDown(databaseUrl, tenants, o.missed, 10_000));
    await sleep(Math.max(0, killedAt + o.down * 1000 - hrNow()));

    const restartAt = hrNow();
    server.spawn();
    await waitHealthy(server.url, server.child, { logFile: server.logFile, everyMs: 10 });
    const healthyAt = hrNow();
    Object.assign(targets, await postAlerts(server.url, tenants, o.after, 'after', 20_000));
    const postedAt = hrNow();
    const args = { targets, since: killedAt, origin: restartAt };
    const status = await waitFleet(fleet, args, (s) => s.complete === o.stations, { timeoutMs: STORM_TIMEOUT_MS, everyMs: 100 });
    const final = await fleet.status({ ...args, raw: true });
    return {
      kind: 'plantao',
      done: status.complete === o.stations,
      seconds: final.lastReadyAt !== undefined ? (final.lastReadyAt - restartAt) / 1000 : undefined,
      bootSeconds: (healthyAt - restartAt) / 1000,
      postSeconds: (postedAt - healthyAt) / 1000,
      complete: final.complete,
      reconnected: final.reconnected,
      ready: final.ready,
      connect: final.connect,
      duplicates: final.duplicates,
      syncs: final.syncs,
      syncErrors: final.syncErrors,
      receiptsSent: final.receiptsSent,
      receiptErrors: final.receiptErrors,
      drops: final.drops,
      reasons: final.reasons,
      alertsPerTenant: o.before + o.missed + o.after,
    };
  } finally {
    await fleet.close();
    await server.stop();
  }
}

async function bareRound(o, round) {
  const server = bareServer({ port: await freePort() });
  const fleet = { close: async () => {} };
  try {
    await server.start();
    Object.assign(fleet, await startFleet({ workers: o.workers, seed: round + 1 }));
    const specs = Array.from({ length: o.stations }, (_, i) => ({
      tenantId: `bare-t${i % o.tenants}`,
      auth: { tenant: `bare-t${i % o.tenants}` },
    }));
    const opened = await fleet.open(specs, { url: server.socketUrl, kind: 'station', protocol: 'bare', concurrency: 25 });
    if (opened.failed) throw new Error(`bare: ${opened.failed} sockets could not connect: ${JSON.stringify(opened.errors)}`);
    const killedAt = hrNow();
    await server.kill();
    await sleep(Math.max(0, killedAt + o.down * 1000 - hrNow()));
    const restartAt = hrNow();
    await server.start();
    const healthyAt = hrNow();
    const args = { since: killedAt, origin: restartAt };
    const status = await waitFleet(fleet, args, (s) => s.reconnected === o.stations, { timeoutMs: STORM_TIMEOUT_MS, everyMs: 100 });
    const final = await fleet.status({ ...args, raw: true });
    return {
      kind: 'bare',
      done: status.reconnected === o.stations,
      seconds: final.lastConnectAt !== undefined ? (final.lastConnectAt - restartAt) / 1000 : undefined,
      bootSeconds: (healthyAt - restartAt) / 1000,
      reconnected: final.reconnected,
      connect: final.connect,
      drops: final.drops,
      reasons: final.reasons,
    };
  } finally {
    await fleet.close();
    await server.stop();
  }
}

const s = (v) => (v === undefined ? 'n/a' : `${v.toFixed(2)} s`);
const ms = (v) => (v === undefined ? 'n/a' : `${(v / 1000).toFixed(2)} s`);

async function main() {
  const o = parse(process.argv.slice(2));
  if (o.help) {
    process.stdout.write(USAGE);
    return;
  }
  setTimeout(() => {
    console.error(`reconnect-storm: aborting after ${o.maxMinutes} minutes`);
    void cleanupAll().then(() => process.exit(2));
  }, o.maxMinutes * 60_000).unref();
  const load = loadavg()[0];
  const runs = { plantao: [], bare: [] };
  for (let round = 0; round < o.rounds; round++) {
    const order = round % 2 === 0 ? ['plantao', 'bare'] : ['bare', 'plantao'];
    for (const kind of order) {
      if (o.only && o.only !== kind) continue;
      const r = kind === 'plantao' ? await plantaoRound(o, round) : await bareRound(o, round);
      runs[kind].push(r);
      const ready = r.ready ?? r.connect;
      console.log(
        `round ${round + 1} ${kind.padEnd(7)} ${r.done ? 'all' : 'NOT all'} ${o.stations} stations ${kind === 'plantao' ? 'connected + every missed alert' : 'reconnected'} ` +
          `${s(r.seconds)} after the restart (boot to /health ${s(r.bootSeconds)}; per station p50 ${ms(ready?.p50)} p90 ${ms(ready?.p90)} p99 ${ms(ready?.p99)})` +
          (kind === 'plantao'
            ? `; ${r.complete}/${o.stations} complete, reconnect p50 ${ms(r.connect?.p50)} max ${ms(r.connect?.max)}, syncs ${r.syncs} (errors ${r.syncErrors}), receipts ${r.receiptsSent} (errors ${r.receiptErrors}), duplicates dropped ${r.duplicates}`
            : ''),
      );
      if (!r.done) console.log(`  disconnect reasons: ${JSON.stringify(r.reasons)}`);
    }
  }
  const med = (kind, pick) => {
    const values = runs[kind].map(pick).filter((v) => v !== undefined);
    return values.length ? median(values) : undefined;
  };
  const p = med('plantao', (r) => (r.done ? r.seconds : undefined));
  const b = med('bare', (r) => (r.done ? r.seconds : undefined));
  const pBoot = med('plantao', (r) => r.bootSeconds);
  const bBoot = med('bare', (r) => r.bootSeconds);
  const round2 = (v) => (v === undefined ? null : Math.round(v * 100) / 100);
  const ratio = p !== undefined && b ? Math.round((p / b) * 100) / 100 : null;
  const rows = [
    {
      label: `${o.stations.toLocaleString('en-US')} stations back + replayed after kill -9`,
      value: round2(p),
      baseline: round2(b),
      unit: 's',
      ratio,
      goal: '<= 2',
      met: ratio === null ? null : ratio <= 2,
      note: 'restart -> last station connected and holding every alert (bare: reconnected)',
    },
    {
      label: 'restart -> /health answers',
      value: round2(pBoot),
      baseline: round2(bBoot),
      unit: 's',
      ratio: pBoot !== undefined && bBoot ? Math.round((pBoot / bBoot) * 100) / 100 : null,
      goal: null,
      met: null,
    },
  ];
  const first = runs.plantao[0];
  const context = [
    `${o.stations} stations / ${o.tenants} tenants, ${o.workers} client processes, down ${o.down} s; ${o.before} alerts per tenant before the kill, ${o.missed} stored while down, ${o.after} posted after the restart; medians of ${o.rounds} round(s); load average at start ${load.toFixed(2)}`,
    ...(first
      ? [
          `Plantão per station after the restart: ready p50 ${ms(first.ready?.p50)}, p99 ${ms(first.ready?.p99)}; sync requests ${first.syncs}, receipts ${first.receiptsSent}, duplicate alerts dropped by the stations ${first.duplicates}`,
        ]
      : []),
  ];
  const result = {
    axis: 'P4',
    title: `reconnect storm (${o.stations.toLocaleString('en-US')} stations, kill -9 + restart)`,
    rows,
    context,
  };
  console.log('\nP4 reconnect storm');
  for (const row of rows)
    console.log(
      `  ${row.label.padEnd(48)} ${String(row.value ?? 'n/a').padStart(7)} ${String(row.baseline ?? 'n/a').padStart(7)} ${row.unit} ${row.ratio === null ? '' : `x${row.ratio.toFixed(2)}`} ${row.goal ? `goal ${row.goal}: ${row.met ? 'met' : 'NOT met'}` : ''}`,
    );
  if (o.result) writeFileSync(o.result, JSON.stringify(result, null, 2));
}

process.once('SIGINT', () => void cleanupAll().then(() => process.exit(130)));
process.once('SIGTERM', () => void cleanupAll().then(() => process.exit(143)));
main()
  .catch((error) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
