// The fan-out engine shared by P1 (bench/latency.mjs) and P5 (bench/scale-out.mjs):
// client worker processes, the HTTP poster, one measured phase, and one whole
// target run (connect every station, warm-up, fixed rate, burst).
//
// A target has one or more instances ({ url, socketUrl, pid }). Stations are
// spread over the instances so that every tenant has stations on each of them,
// and alert i is posted to instance i mod instances: with two instances over
// Redis, half the deliveries of every alert cross Redis.
import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, forkTracked, isRunning, machineBusySeconds, memoryMiB, stopChild } from './processes.mjs';
import { alertBody } from './payload.mjs';
import { clockOffset, combineRounds, fmt, fmtInt, hrNow, ratio, summarize } from './stats.mjs';

export const log = (line = '') => process.stdout.write(`${line}\n`);
export const note = (line) => process.stderr.write(`  · ${line}\n`);

/** The instances of a target: `target.instances`, or the single-process shape of lib/targets.mjs. */
export const instancesOf = (target) => target.instances ?? [{ url: target.url, socketUrl: target.socketUrl, pid: target.pid }];

// ---------------------------------------------------------------- workers

export async function startWorkers(count, maxMs) {
  const path = fileURLToPath(new URL('../client-worker.mjs', import.meta.url));
  const workers = [];
  for (let w = 0; w < count; w++) {
    const child = forkTracked(path, [], {
      env: { ...process.env, BENCH_WORKER_MAX_MS: String(maxMs) },
      // 2,000+ sockets per process: the default 4 GB heap is plenty, but keep GC pauses short and rare.
      execArgv: ['--max-semi-space-size=16'],
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

export const all = (workers, cmd, args, timeoutMs) => Promise.all(workers.map((w) => w.call(cmd, args, timeoutMs)));

export async function stopWorkers(workers) {
  await Promise.allSettled(workers.map((w) => w.call('close', {}, 10_000)));
  await Promise.all(workers.map((w) => stopChild(w.child, 3000)));
}

// ---------------------------------------------------------------- posting

/** Posts alerts over HTTP keep-alive; alert n goes to instance n mod instances. */
export function makePoster(target, payload, maxSockets) {
  const endpoints = instancesOf(target).map((i) => new URL('/api/alerts', i.url));
  const agent = new Agent({ keepAlive: true, maxSockets });
  /** Posts alert `n` of `phase` to tenant `tenant`; resolves with the status and round-trip time. */
  const post = (n, phase, tenant) =>
    new Promise((resolve) => {
      const body = alertBody(n, phase, payload);
      const sentAt = hrNow();
      body.metadata.sentAt = sentAt;
      const data = JSON.stringify(body);
      const attempt = (retried) => {
        const req = request(
          endpoints[n % endpoints.length],
          {
            method: 'POST',
            agent,
            timeout: 10_000,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...target.postHeaders(tenant) },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode, rtt: hrNow() - sentAt, sentAt, tenant, retried }));
            res.on('error', (error) => resolve({ status: 0, error: error.message, sentAt, tenant }));
          },
        );
        req.on('timeout', () => req.destroy(new Error('POST timed out')));
        req.on('error', (error) => {
          // The keep-alive race: the server closed an idle connection just as this
          // request was written on it, so the server never read it. Resend once on a
          // new connection, as the Node documentation advises; the latency keeps the
          // first sentAt, so the retry's cost is in the figures.
          if (!retried && req.reusedSocket && error.code === 'ECONNRESET') attempt(true);
          else resolve({ status: 0, error: error.message, sentAt, tenant });
        });
        req.end(data);
      };
      attempt(false);
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

/**
 * `ctx.extraCpu`: optional () => { name: seconds } of other processes to account
 * (PostgreSQL backends, redis-server); their deltas are reported per phase.
 */
async function runPhase(ctx, phase, count, mode) {
  const { options, target, workers, poster, perTenant } = ctx;
  const tenants = target.tenants.length;
  const serverPids = instancesOf(target).map((i) => i.pid);
  const workerPids = workers.map((w) => w.child.pid);
  const sum = (pids) => pids.reduce((s, pid) => s + (cpuSeconds(pid) ?? 0), 0);
  const cpuOf = () => {
    const own = process.cpuUsage();
    return {
      server: serverPids.every((pid) => cpuSeconds(pid) !== undefined) ? sum(serverPids) : undefined,
      perServer: serverPids.map((pid) => cpuSeconds(pid)),
      clients: sum(workerPids),
      poster: (own.user + own.system) / 1e6,
      machine: machineBusySeconds(),
      extra: ctx.extraCpu?.() ?? {},
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
  const expected = accepted.reduce((s, r) => s + perTenant[r.tenant], 0);

  // Drain: wait for every expected delivery, bounded by --drain-timeout.
  const drainDeadline = Date.now() + options.drainTimeout * 1000;
  for (let i = 0; i < 100_000 && Date.now() < drainDeadline; i++) {
    const progress = await all(workers, 'progress');
    if (progress.reduce((s, p) => s + (p.counts[phase] ?? 0), 0) >= expected) break;
    await sleep(25);
  }
  const cpuAfter = cpuOf();
  const statsAfter = await all(workers, 'stats');
  const collected = await all(workers, 'collect', { phase }, 60_000);

  const latencies = collected.flatMap((c) => c.latencies);
  const delivered = collected.reduce((s, c) => s + c.count, 0);
  const lastDelivery = Math.max(...collected.map((c) => c.last ?? 0));
  const window = ((lastDelivery || postsDone) - t0) / 1000;
  const serverCpu = cpuAfter.server !== undefined && cpuBefore.server !== undefined ? cpuAfter.server - cpuBefore.server : undefined;
  const clientCpu = cpuAfter.clients - cpuBefore.clients;
  // Keys `name:<pid>` are summed per name (a PostgreSQL backend opened mid-phase counts from 0).
  const extraCpu = {};
  for (const [k, v] of Object.entries(cpuAfter.extra)) {
    const name = k.split(':')[0];
    extraCpu[name] = (extraCpu[name] ?? 0) + Math.max(0, v - (cpuBefore.extra[k] ?? 0));
  }
  const extraTotal = Object.values(extraCpu).reduce((a, b) => a + b, 0);
  const elapsed = (hrNow() - t0) / 1000;
  // CPU the rest of the machine used meanwhile (other people's builds and tests): a noise indicator.
  const foreignCpu =
    cpuAfter.machine === undefined || serverCpu === undefined
      ? undefined
      : Math.max(0, cpuAfter.machine - cpuBefore.machine - serverCpu - clientCpu - extraTotal - (cpuAfter.poster - cpuBefore.poster));
  const wireBytes = statsAfter.reduce((s, x) => s + x.bytesRead, 0) - statsBefore.reduce((s, x) => s + x.bytesRead, 0);
  return {
    phase,
    mode,
    posted: results.length,
    accepted: accepted.length,
    retried: results.filter((r) => r.retried).length,
    failures,
    expected,
    delivered,
    duplicates: collected.reduce((s, c) => s + c.duplicates, 0),
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
    perServerCpuPercent: cpuAfter.perServer.map((v, i) =>
      v === undefined || cpuBefore.perServer[i] === undefined ? undefined : ((v - cpuBefore.perServer[i]) / elapsed) * 100,
    ),
    extraCpuPercent: Object.fromEntries(Object.entries(extraCpu).map(([k, v]) => [k, (v / elapsed) * 100])),
    clientCpuPercent: (clientCpu / elapsed) * 100,
    foreignCpuPercent: foreignCpu === undefined ? undefined : (foreignCpu / elapsed) * 100,
    wireBytesPerDelivery: delivered ? wireBytes / delivered : undefined,
    payloadBytes: collected.find((c) => c.payloadBytes)?.payloadBytes,
  };
}

// ---------------------------------------------------------------- one target

/**
 * One run against a started target: workers connect `options.clients` stations
 * (client j belongs to tenant j mod T and to instance floor(j / T) mod I, and a
 * tenant's clients are spread over every worker), then warm-up, fixed rate and
 * burst. The caller starts and stops the target.
 */
export async function runTarget(options, target, { label, payload, maxMs, extraCpu }) {
  let workers = [];
  let poster;
  try {
    const instances = instancesOf(target);
    workers = await startWorkers(options.workers, maxMs);
    // Latency subtracts timestamps taken in two processes: check their clocks agree.
    const own = clockOffset();
    const skew = Math.max(...(await all(workers, 'clock')).map((c) => Math.abs(c.offset - own)));
    if (skew > 0.25) note(`${label}: WARNING high-resolution clocks of the processes differ by up to ${fmt(skew, 3)} ms`);

    const T = target.tenants.length;
    const lists = workers.map(() => []);
    for (let j = 0; j < options.clients; j++) {
      const tenant = j % T;
      const round = Math.floor(j / T);
      lists[round % options.workers].push({ ...target.clientSpec(tenant), url: instances[round % instances.length].socketUrl });
    }
    note(`${label}: connecting ${options.clients} sockets from ${options.workers} workers to ${instances.length} instance(s)`);
    const connectStart = hrNow();
    const connected = await Promise.all(
      workers.map((w, i) => w.call('connect', { clients: lists[i], concurrency: options.connectConcurrency, timeoutMs: 20_000 }, 300_000)),
    );
    const connectSeconds = (hrNow() - connectStart) / 1000;
    const perTenant = target.tenants.map((id) => connected.reduce((s, c) => s + (c.perTenant[id] ?? 0), 0));
    const totalConnected = perTenant.reduce((a, b) => a + b, 0);
    const connectErrors = {};
    for (const c of connected) for (const [k, v] of Object.entries(c.errors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
    if (totalConnected === 0) throw new Error(`${label}: no socket connected (${JSON.stringify(connectErrors)})`);
    await sleep(500);
    const rssSum = () => instances.reduce((s, i) => s + (memoryMiB(i.pid)?.rss ?? 0), 0);
    const memAfterConnect = rssSum();

    poster = makePoster(target, payload, Math.max(64, options.burstConcurrency));
    const ctx = { options, target, workers, poster, perTenant, extraCpu };
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
    return {
      label,
      payload,
      instances: instances.length,
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
      serverRssAfterConnectMiB: memAfterConnect,
      serverPeakRssMiB: instances.reduce((s, i) => s + (memoryMiB(i.pid)?.peak ?? 0), 0),
      phases,
    };
  } finally {
    poster?.close();
    await stopWorkers(workers);
  }
}

// ---------------------------------------------------------------- report

/** Rows of one phase; `ratio: true` rows get a ratio column. */
export const PHASE_ROWS = [
  { label: '  e2e latency p50 (ms)', f: (p) => p.latency.p50, ratio: true },
  { label: '  e2e latency p90 (ms)', f: (p) => p.latency.p90, ratio: true },
  { label: '  e2e latency p99 (ms)', f: (p) => p.latency.p99, ratio: true },
  { label: '  e2e latency max (ms)', f: (p) => p.latency.max, ratio: true },
  { label: '  POST round trip p50 (ms)', f: (p) => p.postRtt.p50, ratio: true },
  { label: '  POST round trip p99 (ms)', f: (p) => p.postRtt.p99, ratio: true },
  { label: '  delivered / expected', text: (p) => `${p.delivered}/${p.expected}` },
  { label: '  alerts/s (fully delivered)', f: (p) => p.alertsPerSecond, digits: 1, ratio: true },
  { label: '  deliveries/s', f: (p) => p.deliveriesPerSecond, int: true, ratio: true },
  { label: '  server CPU per alert (ms, all instances)', f: (p) => p.serverCpuMsPerAlert, ratio: true },
  { label: '  server CPU (% of one core, all instances)', f: (p) => p.serverCpuPercent, digits: 0 },
  { label: '  client workers CPU (% of one core)', f: (p) => p.clientCpuPercent, digits: 0 },
  { label: '  wire bytes per delivery', f: (p) => p.wireBytesPerDelivery, int: true },
  { label: '  other processes CPU (% of one core)', f: (p) => p.foreignCpuPercent, digits: 0 },
];

export function phaseRows(results, phase, title, withRatio) {
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

export function commonRows(results) {
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

/** Lines for anything that makes a run's figures suspect (failed POSTs, missing deliveries, drops). */
export function warnings(results) {
  const lines = [];
  for (const r of results) {
    for (const [name, p] of Object.entries(r.phases)) {
      if (Object.keys(p.failures).length) lines.push(`${r.label} ${name}: failed POSTs ${JSON.stringify(p.failures)}`);
      if (p.delivered < p.expected)
        lines.push(`${r.label} ${name}: ${p.expected - p.delivered} deliveries missing after the drain timeout`);
      if (p.retried) lines.push(`${r.label} ${name}: ${p.retried} POSTs resent after a keep-alive connection reset`);
      if (p.duplicates) lines.push(`${r.label} ${name}: ${p.duplicates} duplicate deliveries`);
      if (name !== 'warmup' && p.maxScheduleLagMs > 20)
        lines.push(`${r.label} ${name}: poster fell up to ${fmt(p.maxScheduleLagMs, 0)} ms behind schedule`);
    }
    if (Object.keys(r.connectErrors).length) lines.push(`${r.label}: connect errors ${JSON.stringify(r.connectErrors)}`);
    if (r.unexpectedDisconnects)
      lines.push(`${r.label}: ${r.unexpectedDisconnects} sockets disconnected during the run: ${JSON.stringify(r.disconnectReasons)}`);
  }
  for (const line of lines) log(`  ! ${line}`);
  return lines;
}

/**
 * A context line when other processes used more than `limit` % of a core in a
 * measured phase: on 2 shared cores the latency figures then say more about the
 * machine than about the server, and CPU per alert is the figure to read.
 */
export function noiseWarning(results, limit = 50) {
  const worst = Math.max(0, ...results.flatMap((r) => ['fixed', 'burst'].map((ph) => r.phases[ph]?.foreignCpuPercent ?? 0)));
  return worst > limit
    ? [
        `NOISY: other processes used up to ${Math.round(worst)}% of a core during the measured phases; trust CPU per alert over latency and throughput ratios, rerun when the machine is quiet`,
      ]
    : [];
}
