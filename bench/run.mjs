#!/usr/bin/env node
// `npm run bench`: end-to-end latency and throughput of Plantão's alert fan-out,
// side by side with a bare Socket.io server doing the same room broadcasts.
//
//   orchestrator (this process)          posts alerts over HTTP keep-alive, at a fixed
//     |                                  rate and then as fast as --burst-concurrency allows
//     +-- server under test              server/dist/main.js, or bench/bare-server.mjs
//     +-- N client workers               bench/client-worker.mjs, each with its share of sockets
//
// Latency = time the client's `critical_alert` handler runs minus the time the
// poster was about to write the POST (metadata.sentAt), both read from the same
// machine clock. See bench/README.md for what the numbers mean.
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseOptions, USAGE } from './lib/options.mjs';
import { alertBody } from './lib/payload.mjs';
import { cleanupAll, cpuSeconds, forkTracked, isRunning, machineBusySeconds, memoryMiB, stopChild } from './lib/processes.mjs';
import { change, clockOffset, combineRounds, fmt, fmtInt, hrNow, ratio, summarize, table } from './lib/stats.mjs';
import { socketIoVersion, startBare, startPlantao } from './lib/targets.mjs';

const log = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => process.stderr.write(`  · ${line}\n`);

// ---------------------------------------------------------------- workers

async function startWorkers(count, maxMs) {
  const path = fileURLToPath(new URL('./client-worker.mjs', import.meta.url));
  const workers = [];
  for (let w = 0; w < count; w++) {
    const child = forkTracked(path, [], {
      env: { ...process.env, BENCH_WORKER_MAX_MS: String(maxMs) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const pending = new Map();
    let nextId = 0;
    const ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker ${w} did not start in 30 s`)), 30_000);
      child.on('message', (m) => {
        if (m?.ready) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const p = pending.get(m?.id);
        if (!p) return;
        pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(`worker ${w}: ${m.error}`));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        for (const p of pending.values()) p.reject(new Error(`worker ${w} exited with ${code}`));
        pending.clear();
        reject(new Error(`worker ${w} exited with ${code}`));
      });
    });
    ready.catch(() => undefined);
    const call = (cmd, args, timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        if (!isRunning(child)) return reject(new Error(`worker ${w} is not running`));
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`worker ${w}: ${cmd} timed out`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        child.send({ id, cmd, args });
      });
    workers.push({ child, ready, call });
  }
  await Promise.all(workers.map((w) => w.ready));
  return workers;
}

const all = (workers, cmd, args, timeoutMs) => Promise.all(workers.map((w) => w.call(cmd, args, timeoutMs)));

async function stopWorkers(workers) {
  await Promise.allSettled(workers.map((w) => w.call('close', {}, 10_000)));
  await Promise.all(workers.map((w) => stopChild(w.child, 3000)));
}

// ---------------------------------------------------------------- posting

function makePoster(target, payload, maxSockets) {
  const agent = new Agent({ keepAlive: true, maxSockets });
  const endpoint = new URL('/api/alerts', target.url);
  /** Posts alert `n` of `phase` to tenant `tenant`; resolves with the status and round-trip time. */
  const post = (n, phase, tenant) =>
    new Promise((resolve) => {
      const body = alertBody(n, phase, payload);
      const sentAt = hrNow();
      body.metadata.sentAt = sentAt;
      const data = JSON.stringify(body);
      const req = request(
        endpoint,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...target.postHeaders(tenant) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, rtt: hrNow() - sentAt, sentAt, tenant }));
          res.on('error', (error) => resolve({ status: 0, error: error.message, sentAt, tenant }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('POST timed out')));
      req.on('error', (error) => resolve({ status: 0, error: error.message, sentAt, tenant }));
      req.end(data);
    });
  return { post, close: () => agent.destroy() };
}

/** Open loop: alert i is sent at start + i/rate whether or not earlier POSTs have answered. */
async function postAtRate(poster, phase, count, rate, tenants) {
  const interval = 1000 / rate;
  const start = hrNow() + 20;
  const inflight = new Set();
  const results = [];
  let maxLag = 0;
  for (let i = 0; i < count; i++) {
    const due = start + i * interval;
    const wait = due - hrNow();
    if (wait > 0) await sleep(wait);
    maxLag = Math.max(maxLag, hrNow() - due);
    const p = poster.post(i, phase, i % tenants).then((r) => {
      results.push(r);
      inflight.delete(p);
    });
    inflight.add(p);
    // Bounded: if the server stops answering, stop piling up requests.
    if (inflight.size >= 256) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  return { results, maxLag };
}

/** Closed loop: `concurrency` POSTs in flight, each followed by the next, `count` in all. */
async function postBurst(poster, phase, count, concurrency, tenants) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results.push(await poster.post(i, phase, i % tenants));
      }
    }),
  );
  return { results, maxLag: 0 };
}

// ---------------------------------------------------------------- one phase

async function runPhase(ctx, phase, count, mode) {
  const { options, target, workers, poster, perTenant } = ctx;
  const tenants = target.tenants.length;
  const workerPids = workers.map((w) => w.child.pid);
  const cpuOf = () => {
    const own = process.cpuUsage();
    return {
      server: cpuSeconds(target.pid),
      clients: workerPids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0),
      poster: (own.user + own.system) / 1e6,
      machine: machineBusySeconds(),
    };
  };
  const statsBefore = await all(workers, 'stats');
  const cpuBefore = cpuOf();
  const t0 = hrNow();

  const { results, maxLag } =
    mode === 'rate'
      ? await postAtRate(poster, phase, count, options.rate, tenants)
      : await postBurst(poster, phase, count, options.burstConcurrency, tenants);
  const postsDone = hrNow();

  const accepted = results.filter((r) => r.status === 201);
  const failures = {};
  for (const r of results) {
    if (r.status === 201) continue;
    const key = r.error ?? `HTTP ${r.status}`;
    failures[key] = (failures[key] ?? 0) + 1;
  }
  const expected = accepted.reduce((sum, r) => sum + perTenant[r.tenant], 0);

  // Drain: wait for every expected delivery, bounded by --drain-timeout.
  const drainDeadline = Date.now() + options.drainTimeout * 1000;
  for (let i = 0; i < 100_000 && Date.now() < drainDeadline; i++) {
    const progress = await all(workers, 'progress');
    if (progress.reduce((sum, p) => sum + (p.counts[phase] ?? 0), 0) >= expected) break;
    await sleep(25);
  }
  const cpuAfter = cpuOf();
  const statsAfter = await all(workers, 'stats');
  const collected = await all(workers, 'collect', { phase }, 60_000);

  const latencies = collected.flatMap((c) => c.latencies);
  const delivered = collected.reduce((sum, c) => sum + c.count, 0);
  const lastDelivery = Math.max(...collected.map((c) => c.last ?? 0));
  const window = ((lastDelivery || postsDone) - t0) / 1000;
  const serverCpu = cpuAfter.server !== undefined && cpuBefore.server !== undefined ? cpuAfter.server - cpuBefore.server : undefined;
  const clientCpu = cpuAfter.clients - cpuBefore.clients;
  // CPU the rest of the machine used meanwhile (other people's builds and tests): a noise indicator.
  const foreignCpu =
    cpuAfter.machine === undefined || serverCpu === undefined
      ? undefined
      : Math.max(0, cpuAfter.machine - cpuBefore.machine - serverCpu - clientCpu - (cpuAfter.poster - cpuBefore.poster));
  const wireBytes = statsAfter.reduce((s, x) => s + x.bytesRead, 0) - statsBefore.reduce((s, x) => s + x.bytesRead, 0);
  const elapsed = (hrNow() - t0) / 1000;
  return {
    phase,
    mode,
    posted: results.length,
    accepted: accepted.length,
    failures,
    expected,
    delivered,
    duplicates: collected.reduce((sum, c) => sum + c.duplicates, 0),
    latency: summarize(latencies),
    postRtt: summarize(accepted.map((r) => r.rtt)),
    maxScheduleLagMs: maxLag,
    seconds: window,
    postSeconds: (postsDone - t0) / 1000,
    alertsPerSecond: accepted.length / window,
    postAlertsPerSecond: accepted.length / ((postsDone - t0) / 1000),
    deliveriesPerSecond: delivered / window,
    serverCpuMsPerAlert: serverCpu === undefined ? undefined : (serverCpu * 1000) / Math.max(1, accepted.length),
    serverCpuPercent: serverCpu === undefined ? undefined : (serverCpu / elapsed) * 100,
    clientCpuPercent: (clientCpu / elapsed) * 100,
    foreignCpuPercent: foreignCpu === undefined ? undefined : (foreignCpu / elapsed) * 100,
    wireBytesPerDelivery: delivered ? wireBytes / delivered : undefined,
    payloadBytes: collected.find((c) => c.payloadBytes)?.payloadBytes,
  };
}

// ---------------------------------------------------------------- one target

async function benchTarget(options, spec, deadlineMs) {
  const label = spec.label;
  note(`${label}: starting server`);
  const maxMs = Math.max(60_000, deadlineMs - Date.now());
  const target =
    spec.kind === 'plantao'
      ? await startPlantao({
          tenants: options.tenants,
          db: options.db,
          pgUrl: options.pgUrl,
          deflateThreshold: spec.deflateThreshold,
          cpuProf: options.cpuProf,
          maxMs,
        })
      : await startBare({
          tenants: options.tenants,
          deflateThreshold: spec.deflateThreshold,
          noContextTakeover: options.noContextTakeover,
          maxMs,
        });
  let workers = [];
  let poster;
  try {
    workers = await startWorkers(options.workers, maxMs);
    // Latency subtracts timestamps taken in two processes: check their clocks agree.
    const own = clockOffset();
    const skew = Math.max(...(await all(workers, 'clock')).map((c) => Math.abs(c.offset - own)));
    if (skew > 0.25) note(`${label}: WARNING high-resolution clocks of the processes differ by up to ${fmt(skew, 3)} ms`);

    // Client j belongs to tenant j % T; a tenant's clients are spread over every worker.
    const lists = workers.map(() => []);
    for (let j = 0; j < options.clients; j++) {
      const tenant = j % options.tenants;
      lists[Math.floor(j / options.tenants) % options.workers].push(target.clientSpec(tenant));
    }
    note(`${label}: connecting ${options.clients} sockets from ${options.workers} workers`);
    const connectStart = hrNow();
    const connected = await Promise.all(
      workers.map((w, i) =>
        w.call(
          'connect',
          { url: target.socketUrl, clients: lists[i], concurrency: options.connectConcurrency, timeoutMs: 20_000 },
          300_000,
        ),
      ),
    );
    const connectSeconds = (hrNow() - connectStart) / 1000;
    const perTenant = target.tenants.map((id) => connected.reduce((sum, c) => sum + (c.perTenant[id] ?? 0), 0));
    const totalConnected = perTenant.reduce((a, b) => a + b, 0);
    const connectErrors = {};
    for (const c of connected) for (const [k, v] of Object.entries(c.errors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
    if (totalConnected === 0) throw new Error(`${label}: no socket connected (${JSON.stringify(connectErrors)})`);
    await sleep(500);
    const memAfterConnect = memoryMiB(target.pid);

    poster = makePoster(target, spec.payload, Math.max(64, options.burstConcurrency));
    const ctx = { options, target, workers, poster, perTenant };
    const phases = {};
    if (options.warmup > 0) {
      note(`${label}: warm-up, ${options.warmup} alerts at ${options.rate}/s`);
      phases.warmup = await runPhase(ctx, 'warmup', options.warmup, 'rate');
      await sleep(300);
    }
    if (options.alerts > 0) {
      note(`${label}: fixed rate, ${options.alerts} alerts at ${options.rate}/s`);
      phases.fixed = await runPhase(ctx, 'fixed', options.alerts, 'rate');
      await sleep(300);
    }
    if (options.burst > 0) {
      note(`${label}: burst, ${options.burst} alerts, ${options.burstConcurrency} in flight`);
      phases.burst = await runPhase(ctx, 'burst', options.burst, 'burst');
    }
    const final = await all(workers, 'stats');
    const memEnd = memoryMiB(target.pid);
    return {
      label,
      kind: spec.kind,
      payload: spec.payload,
      deflateThreshold: spec.deflateThreshold,
      connected: totalConnected,
      clockSkewMs: skew,
      connectErrors,
      connectSeconds,
      unexpectedDisconnects: final.reduce((s, x) => s + x.unexpectedDisconnects, 0),
      disconnectReasons: combineRounds(
        final.map((x) => x.disconnectReasons),
        'failures',
      ),
      otherEvents: final.reduce((s, x) => s + x.otherEvents, 0),
      serverRssAfterConnectMiB: memAfterConnect?.rss,
      serverPeakRssMiB: memEnd?.peak,
      phases,
    };
  } finally {
    poster?.close();
    await stopWorkers(workers);
    await target.stop();
  }
}

// ---------------------------------------------------------------- report

/** Rows of one phase; `ratio: true` rows get a Plantão/bare column. */
const PHASE_ROWS = [
  { label: '  e2e latency p50 (ms)', f: (p) => p.latency.p50, ratio: true },
  { label: '  e2e latency p90 (ms)', f: (p) => p.latency.p90, ratio: true },
  { label: '  e2e latency p99 (ms)', f: (p) => p.latency.p99, ratio: true },
  { label: '  e2e latency max (ms)', f: (p) => p.latency.max, ratio: true },
  { label: '  POST round trip p50 (ms)', f: (p) => p.postRtt.p50, ratio: true },
  { label: '  POST round trip p99 (ms)', f: (p) => p.postRtt.p99, ratio: true },
  { label: '  delivered / expected', text: (p) => `${p.delivered}/${p.expected}` },
  { label: '  alerts/s (fully delivered)', f: (p) => p.alertsPerSecond, digits: 1, ratio: true },
  { label: '  deliveries/s', f: (p) => p.deliveriesPerSecond, int: true, ratio: true },
  { label: '  server CPU per alert (ms)', f: (p) => p.serverCpuMsPerAlert, ratio: true },
  { label: '  server CPU (% of one core)', f: (p) => p.serverCpuPercent, digits: 0 },
  { label: '  client workers CPU (% of one core)', f: (p) => p.clientCpuPercent, digits: 0 },
  { label: '  wire bytes per delivery', f: (p) => p.wireBytesPerDelivery, int: true },
  { label: '  other processes CPU (% of one core)', f: (p) => p.foreignCpuPercent, digits: 0 },
];

function phaseRows(results, phase, title, withRatio) {
  const get = (r) => r.phases[phase];
  if (!results.some(get)) return [];
  const cell = (spec, p) => (!p ? 'n/a' : spec.text ? spec.text(p) : spec.int ? fmtInt(spec.f(p)) : fmt(spec.f(p), spec.digits ?? 2));
  return [
    [title],
    ...PHASE_ROWS.map((spec) => {
      const row = [spec.label, ...results.map((r) => cell(spec, get(r)))];
      if (!withRatio) return row;
      const [a, b] = results.map(get);
      return [...row, spec.ratio && a && b ? ratio(spec.f(a), spec.f(b)) : ''];
    }),
  ];
}

function commonRows(results) {
  return [
    ['sockets connected (per round)', ...results.map((r) => fmtInt(r.connected))],
    ['connect time, all sockets (s)', ...results.map((r) => fmt(r.connectSeconds, 1))],
    ['unexpected disconnects (total)', ...results.map((r) => r.unexpectedDisconnects)],
    ['other events received (total)', ...results.map((r) => fmtInt(r.otherEvents))],
    ['alert payload as received (bytes)', ...results.map((r) => fmtInt(r.phases.fixed?.payloadBytes ?? r.phases.burst?.payloadBytes))],
    ['server RSS after connect (MiB)', ...results.map((r) => fmt(r.serverRssAfterConnectMiB, 0))],
    ['server peak RSS (MiB)', ...results.map((r) => fmt(r.serverPeakRssMiB, 0))],
    ['max clock skew between processes (ms)', ...results.map((r) => fmt(r.clockSkewMs, 3))],
  ];
}

function warnings(results) {
  for (const r of results) {
    for (const [name, p] of Object.entries(r.phases)) {
      if (Object.keys(p.failures).length) log(`  ! ${r.label} ${name}: failed POSTs ${JSON.stringify(p.failures)}`);
      if (p.delivered < p.expected) log(`  ! ${r.label} ${name}: ${p.expected - p.delivered} deliveries missing after the drain timeout`);
      if (p.duplicates) log(`  ! ${r.label} ${name}: ${p.duplicates} duplicate deliveries`);
      if (name !== 'warmup' && p.maxScheduleLagMs > 20)
        log(`  ! ${r.label} ${name}: poster fell up to ${fmt(p.maxScheduleLagMs, 0)} ms behind schedule`);
    }
    if (Object.keys(r.connectErrors).length) log(`  ! ${r.label}: connect errors ${JSON.stringify(r.connectErrors)}`);
    if (r.unexpectedDisconnects)
      log(`  ! ${r.label}: ${r.unexpectedDisconnects} sockets disconnected during the run: ${JSON.stringify(r.disconnectReasons)}`);
  }
}

function printComparison(options, results) {
  const both = results.length === 2;
  const header = ['', ...results.map((r) => r.label), ...(both ? ['Plantão/bare'] : [])];
  log(
    table([
      header,
      ...phaseRows(results, 'fixed', `fixed rate: ${options.alerts} alerts at ${options.rate}/s`, both),
      ...phaseRows(results, 'burst', `burst: ${options.burst} alerts, ${options.burstConcurrency} POSTs in flight (max throughput)`, both),
      ['(all phases)'],
      ...commonRows(results),
    ]),
  );
}

function printDeflate(options, results) {
  log(
    table(
      [
        ['', ...results.map((r) => r.label)],
        ...phaseRows(results, 'fixed', `fixed rate: ${options.alerts} alerts at ${options.rate}/s`),
        ...phaseRows(results, 'burst', `burst: ${options.burst} alerts, ${options.burstConcurrency} POSTs in flight`),
        ['(all phases)'],
        ...commonRows(results),
      ],
      40,
      16,
    ),
  );
  log();
  log('compression on vs off (same payload):');
  for (const payload of ['small', 'large']) {
    const off = results.find((r) => r.payload === payload && r.deflateThreshold === undefined);
    const on = results.find((r) => r.payload === payload && r.deflateThreshold !== undefined);
    if (!off || !on) continue;
    const f = (r, ph, k) => r.phases[ph]?.[k];
    const l = (r, ph, k) => r.phases[ph]?.latency[k];
    log(
      `  ${payload.padEnd(5)} (${fmtInt(f(off, 'fixed', 'payloadBytes'))} B): wire bytes/delivery ${change(f(on, 'fixed', 'wireBytesPerDelivery'), f(off, 'fixed', 'wireBytesPerDelivery'))}` +
        `, p50 ${change(l(on, 'fixed', 'p50'), l(off, 'fixed', 'p50'))}, p99 ${change(l(on, 'fixed', 'p99'), l(off, 'fixed', 'p99'))}` +
        `, server CPU/alert ${change(f(on, 'fixed', 'serverCpuMsPerAlert'), f(off, 'fixed', 'serverCpuMsPerAlert'))}` +
        `, burst deliveries/s ${change(f(on, 'burst', 'deliveriesPerSecond'), f(off, 'burst', 'deliveriesPerSecond'))}` +
        `, peak RSS ${change(on.serverPeakRssMiB, off.serverPeakRssMiB)}`,
    );
  }
}

// ---------------------------------------------------------------- main

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (options.help) {
    log(USAGE);
    return;
  }
  // The station screen's cost (issue #7) runs after the fan-out bench, or alone with --only renderer.
  const runRenderer = () =>
    new Promise((resolve) => {
      const child = forkTracked(fileURLToPath(new URL('./renderer.mjs', import.meta.url)), ['--rounds', String(options.rounds)], {
        stdio: 'inherit',
      });
      child.once('exit', (code) => {
        if (code) process.exitCode = code;
        resolve();
      });
    });
  // Triage time per message (issue #10): after the renderer, or alone with --only triage.
  const runTriage = () =>
    new Promise((resolve) => {
      const child = forkTracked(fileURLToPath(new URL('./triage.mjs', import.meta.url)), ['--rounds', String(options.rounds)], {
        stdio: 'inherit',
      });
      child.once('exit', (code) => {
        if (code) process.exitCode = code;
        resolve();
      });
    });
  if (options.only === 'renderer') {
    await runRenderer();
    return;
  }
  if (options.only === 'triage') {
    await runTriage();
    return;
  }
  const deadlineMs = Date.now() + options.maxMinutes * 60_000;
  const deadline = setTimeout(() => {
    process.stderr.write(`bench: aborting after --max-minutes ${options.maxMinutes}\n`);
    cleanupAll().finally(() => process.exit(1));
  }, options.maxMinutes * 60_000);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, stopping everything\n`);
      cleanupAll().finally(() => process.exit(130));
    });
  }

  const deflateKind = options.only ?? 'plantao';
  const onLabel = `${options.deflateOn}${options.noContextTakeover ? '-nct' : ''}`;
  const specs = options.compareDeflate
    ? ['small', 'large'].flatMap((payload) => [
        { kind: deflateKind, payload, deflateThreshold: undefined, label: `${payload}/off` },
        { kind: deflateKind, payload, deflateThreshold: options.deflateOn, label: `${payload}/${onLabel}` },
      ])
    : [
        { kind: 'plantao', payload: options.payload, deflateThreshold: options.deflateThreshold, label: 'Plantão' },
        { kind: 'bare', payload: options.payload, deflateThreshold: options.deflateThreshold, label: 'bare' },
      ].filter((s) => !options.only || s.kind === options.only);

  const cpu = cpus();
  const machine = {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model,
    node: process.version,
    socketIo: socketIoVersion(),
    loadBefore: loadavg(),
  };
  const started = Date.now();
  // Rounds alternate the order of the targets, so neither always runs first.
  const rounds = specs.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    const order = specs.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      note(`round ${round + 1}/${options.rounds}`);
      rounds[i].push(await benchTarget(options, specs[i], deadlineMs));
    }
  }
  const results = rounds.map((r) => combineRounds(r));
  machine.loadAfter = loadavg();
  clearTimeout(deadline);

  const deflateText = (t) => (t === undefined ? 'off' : `on above ${t} B`);
  log();
  log(
    `Plantão bench: ${options.clients} clients / ${options.tenants} tenants / ${options.workers} worker processes, db ${options.db}, ` +
      (options.compareDeflate
        ? `${deflateKind === 'plantao' ? 'Plantão' : 'bare server'}, perMessageDeflate off vs threshold ${options.deflateOn} B, payloads small and large`
        : `payload ${options.payload}, perMessageDeflate ${deflateText(options.deflateThreshold)}`) +
      (options.noContextTakeover ? ' (bare server: serverNoContextTakeover)' : ''),
  );
  log(
    `machine: ${machine.cpus}x ${machine.cpuModel}, Node ${machine.node}, socket.io ${machine.socketIo}, ` +
      `load avg ${machine.loadBefore.map((l) => l.toFixed(2)).join('/')} before, ${machine.loadAfter.map((l) => l.toFixed(2)).join('/')} after; ` +
      `bench took ${fmt((Date.now() - started) / 1000, 0)} s`,
  );
  log(
    `latency = client handler time - POST send time (same clock); warm-up alerts not counted; ` +
      (options.rounds > 1 ? `figures are medians of ${options.rounds} rounds (counts are totals)` : '1 round'),
  );
  log();
  if (options.compareDeflate) printDeflate(options, results);
  else printComparison(options, results);
  if (options.rounds > 1) {
    log('per round: fixed-rate p50/p99 ms, burst deliveries/s, [other processes CPU % of one core, fixed/burst]');
    rounds.forEach((list, i) => {
      const text = list.map(
        (r) =>
          `${fmt(r.phases.fixed?.latency.p50)}/${fmt(r.phases.fixed?.latency.p99)}, ${fmtInt(r.phases.burst?.deliveriesPerSecond)}` +
          ` [${fmt(r.phases.fixed?.foreignCpuPercent, 0)}/${fmt(r.phases.burst?.foreignCpuPercent, 0)}]`,
      );
      log(`  ${specs[i].label.padEnd(12)} ${text.join('   ')}`);
    });
  }
  warnings(results);
  log();

  if (options.json) writeFileSync(options.json, `${JSON.stringify({ options, machine, results, rounds }, null, 2)}\n`);

  const p = (r) => r?.phases.fixed;
  const thr = (r) => r?.phases.burst?.deliveriesPerSecond;
  if (options.compareDeflate) {
    const pieces = results.map(
      (r) =>
        `${r.label} p50 ${fmt(p(r)?.latency.p50)} ms p99 ${fmt(p(r)?.latency.p99)} ms ${fmtInt(p(r)?.wireBytesPerDelivery)} B/delivery`,
    );
    log(`SUMMARY deflate: ${pieces.join(' | ')}`);
  } else {
    const [a, b] = results;
    const one = (r) => `${r.label} p50 ${fmt(p(r)?.latency.p50)} ms p99 ${fmt(p(r)?.latency.p99)} ms, ${fmtInt(thr(r))} deliveries/s`;
    log(
      `SUMMARY ${options.clients} clients/${options.tenants} tenants @ ${options.rate} alerts/s: ${results.map(one).join(' | ')}` +
        (b
          ? ` | Plantão/bare p50 ${ratio(p(a)?.latency.p50, p(b)?.latency.p50)} p99 ${ratio(p(a)?.latency.p99, p(b)?.latency.p99)} throughput ${ratio(thr(a), thr(b))}`
          : ''),
    );
  }
  if (!options.only && !options.compareDeflate) {
    log();
    await runRenderer();
    log();
    await runTriage();
  }
}

main()
  .catch((error) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => process.exit(process.exitCode ?? 0)));
