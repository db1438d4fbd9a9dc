#!/usr/bin/env node
// P3 ingest: alerts persisted per second through the real HTTP path
// (POST /api/alerts with an agent token, no stations connected), closed loop,
// on SQLite, on PostgreSQL (fresh schema, dropped after), and on the same
// server with the alert store stubbed out (bench/ingest-stub-server.mjs).
// See bench/README.md ("P3 ingest").
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { alertBody } from './lib/payload.mjs';
import { cleanupAll, cpuSeconds, machineBusySeconds } from './lib/processes.mjs';
import { fmt, fmtInt, hrNow, summarize } from './lib/stats.mjs';
import { startPlantao } from './lib/targets.mjs';

const USAGE = `Usage: node bench/ingest.mjs [flags]

P3: alerts persisted per second through POST /api/alerts (agent token, no
stations connected), closed loop, on SQLite, PostgreSQL and a stubbed alert
store. Default run: about 1.5 minutes (3 targets x 2 rounds x ~14 s).

  --targets LIST        comma-separated: sqlite,postgres,stub   (default all three)
  --seconds N           measured seconds per run                 (default 6)
  --warmup N            warm-up seconds per run, not counted     (default 2)
  --concurrency N       POSTs in flight (closed loop)            (default 32)
  --tenants N           tenants the alerts are spread over       (default 20)
  --rounds N            rounds; target order alternates          (default 2)
  --payload small|large alert body (see bench/README.md)         (default small)
  --pg-url URL          PostgreSQL for the fresh schema          (default postgres://postgres@127.0.0.1:5432/test)
  --cpu-prof DIR        V8 CPU profile of each server run
  --result FILE         write the axis result JSON (P3) to FILE
  --max-minutes N       hard stop                                (default 6)
  --help
`;

const DEFAULTS = {
  targets: 'sqlite,postgres,stub',
  seconds: 6,
  warmup: 2,
  concurrency: 32,
  tenants: 20,
  rounds: 2,
  payload: 'small',
  pgUrl: 'postgres://postgres@127.0.0.1:5432/test',
  cpuProf: undefined,
  result: undefined,
  maxMinutes: 6,
  help: false,
};

function parse(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!flag.startsWith('--')) throw new Error(`unexpected argument ${flag}`);
    const key = flag.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(key in DEFAULTS)) throw new Error(`unknown flag ${flag}`);
    if (key === 'help') {
      options.help = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    options[key] = typeof DEFAULTS[key] === 'number' ? Number(value) : value;
    if (typeof DEFAULTS[key] === 'number' && !(options[key] >= 0)) throw new Error(`${flag}: not a number: ${value}`);
  }
  options.targets = options.targets.split(',').map((t) => t.trim());
  for (const t of options.targets) if (!['sqlite', 'postgres', 'stub'].includes(t)) throw new Error(`unknown target ${t}`);
  return options;
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const note = (line) => process.stderr.write(`  · ${line}\n`);
const root = fileURLToPath(new URL('../', import.meta.url));
const requireServer = createRequire(`${root}server/package.json`);

/** Closed loop: `concurrency` POSTs always in flight until `until` (ms, hrNow clock). */
async function closedLoop(target, bodies, concurrency, until, tenants) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const endpoint = new URL('/api/alerts', target.url);
  const headers = Array.from({ length: tenants }, (_, i) => target.postHeaders(i));
  const statuses = new Map();
  const rtts = [];
  let created = 0;
  let n = 0;
  const post = (i) =>
    new Promise((resolve) => {
      const data = bodies[i % bodies.length];
      const start = hrNow();
      const req = request(
        endpoint,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers[i % tenants] },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, rtt: hrNow() - start }));
          res.on('error', () => resolve({ status: 0 }));
        },
      );
      req.on('timeout', () => req.destroy(new Error('POST timed out')));
      req.on('error', () => resolve({ status: 0 }));
      req.end(data);
    });
  const t0 = hrNow();
  let last = t0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (hrNow() < until) {
        const { status, rtt } = await post(n++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 201) {
          created++;
          rtts.push(rtt);
          last = hrNow();
        }
      }
    }),
  );
  agent.destroy();
  return { created, statuses: Object.fromEntries(statuses), seconds: (last - t0) / 1000, rtt: summarize(rtts) };
}

/** Rows in `alerts` for the bench's tenants: what was durably stored. */
async function countStored(databaseUrl, tenantIds) {
  const { openDatabase } = requireServer('./dist/db/create-database.js');
  const { db } = openDatabase(databaseUrl);
  try {
    const row = await db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant_id', 'in', tenantIds)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await db.destroy();
  }
}

async function runTarget(kind, options) {
  const target = await startPlantao({
    tenants: options.tenants,
    db: kind === 'postgres' ? 'postgres' : 'sqlite',
    pgUrl: options.pgUrl,
    cpuProf: options.cpuProf,
    maxMs: options.maxMinutes * 60_000,
    ...(kind === 'stub' ? { entry: 'bench/ingest-stub-server.mjs' } : {}),
  });
  try {
    const bodies = Array.from({ length: 600 }, (_, n) => Buffer.from(JSON.stringify(alertBody(n, 'burst', options.payload))));
    const warm = await closedLoop(target, bodies, options.concurrency, hrNow() + options.warmup * 1000, options.tenants);
    const cpu0 = cpuSeconds(target.pid);
    const busy0 = machineBusySeconds();
    const self0 = process.cpuUsage();
    const run = await closedLoop(target, bodies, options.concurrency, hrNow() + options.seconds * 1000, options.tenants);
    const serverCpu = cpuSeconds(target.pid) - cpu0;
    const busy = machineBusySeconds() - busy0;
    const selfUse = process.cpuUsage(self0);
    const posterCpu = (selfUse.user + selfUse.system) / 1e6;
    const acknowledged = warm.created + run.created;
    const stored = kind === 'stub' ? undefined : await countStored(target.databaseUrl, target.tenants);
    const failures = Object.entries(run.statuses).filter(([s]) => s !== '201');
    return {
      kind,
      alertsPerSecond: run.created / run.seconds,
      created: run.created,
      acknowledged,
      stored,
      failures: Object.fromEntries(failures),
      rtt: run.rtt,
      serverCpuPerAlertMs: (serverCpu * 1000) / run.created,
      serverCpuShare: serverCpu / run.seconds,
      posterCpuShare: posterCpu / run.seconds,
      otherCpuShare: (busy - serverCpu - posterCpu) / run.seconds,
    };
  } finally {
    await target.stop();
  }
}

const median = (values) => {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

async function main() {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    log(USAGE);
    return;
  }
  const deadline = setTimeout(() => {
    process.stderr.write(`ingest bench: --max-minutes ${options.maxMinutes} reached, stopping\n`);
    void cleanupAll().finally(() => process.exit(2));
  }, options.maxMinutes * 60_000);
  deadline.unref();

  const results = Object.fromEntries(options.targets.map((t) => [t, []]));
  for (let round = 0; round < options.rounds; round++) {
    const order = round % 2 === 0 ? options.targets : [...options.targets].reverse();
    for (const kind of order) {
      note(`round ${round + 1}/${options.rounds}: ${kind}`);
      const r = await runTarget(kind, options);
      results[kind].push(r);
      const lost = r.stored !== undefined && r.stored !== r.acknowledged ? ` MISMATCH: ${r.acknowledged} acknowledged` : '';
      note(
        `${kind}: ${fmtInt(r.alertsPerSecond)} alerts/s, p50 ${fmt(r.rtt.p50)} ms p99 ${fmt(r.rtt.p99)} ms, ` +
          `server CPU ${fmt(r.serverCpuPerAlertMs, 3)} ms/alert (${fmt(r.serverCpuShare * 100, 0)}% of a core), ` +
          `poster ${fmt(r.posterCpuShare * 100, 0)}%, others ${fmt(r.otherCpuShare * 100, 0)}%` +
          (r.stored !== undefined ? `, rows ${r.stored}/${r.acknowledged}${lost}` : '') +
          (Object.keys(r.failures).length ? `, non-201: ${JSON.stringify(r.failures)}` : ''),
      );
    }
  }

  const med = (kind, key) => median((results[kind] ?? []).map((r) => (key === 'p99' ? r.rtt.p99 : key === 'p50' ? r.rtt.p50 : r[key])));
  const sqlite = med('sqlite', 'alertsPerSecond');
  const pg = med('postgres', 'alertsPerSecond');
  const stub = med('stub', 'alertsPerSecond');
  const all = Object.values(results).flat();
  const lostAny = all.some((r) => r.stored !== undefined && r.stored !== r.acknowledged);
  const failed = all.reduce((sum, r) => sum + Object.values(r.failures).reduce((a, b) => a + b, 0), 0);
  const ratioOf = (a, b) => (a !== undefined && b ? a / b : undefined);

  const rows = [];
  if (sqlite !== undefined)
    rows.push({
      label: 'SQLite: alerts persisted/s',
      value: round1(sqlite),
      baseline: null,
      unit: 'alerts/s',
      ratio: null,
      goal: '>= 3,000/s',
      met: sqlite >= 3000 && !lostAny,
    });
  if (pg !== undefined)
    rows.push({
      label: 'PostgreSQL: alerts persisted/s',
      value: round1(pg),
      baseline: null,
      unit: 'alerts/s',
      ratio: null,
      goal: null,
      met: null,
    });
  if (sqlite !== undefined && stub !== undefined)
    rows.push({
      label: 'SQLite vs stubbed store',
      value: round1(sqlite),
      baseline: round1(stub),
      unit: 'alerts/s',
      ratio: round2(ratioOf(sqlite, stub)),
      goal: '>= 0.8',
      met: ratioOf(sqlite, stub) >= 0.8,
    });
  if (pg !== undefined && stub !== undefined)
    rows.push({
      label: 'PostgreSQL vs stubbed store',
      value: round1(pg),
      baseline: round1(stub),
      unit: 'alerts/s',
      ratio: round2(ratioOf(pg, stub)),
      goal: null,
      met: null,
    });

  const context = [
    `closed loop, ${options.concurrency} POSTs in flight, ${options.tenants} tenants, ${options.payload} payload, ${options.seconds} s measured after ${options.warmup} s warm-up, medians of ${options.rounds} round(s); no stations connected`,
    ...options.targets.map(
      (k) =>
        `${k}: server CPU ${fmt(med(k, 'serverCpuPerAlertMs'), 3)} ms/alert, POST p50/p99 ${fmt(med(k, 'p50'))}/${fmt(med(k, 'p99'))} ms, ` +
        `server ${fmt(med(k, 'serverCpuShare') * 100, 0)}% / poster ${fmt(med(k, 'posterCpuShare') * 100, 0)}% / others ${fmt(med(k, 'otherCpuShare') * 100, 0)}% of a core`,
    ),
    lostAny
      ? 'ROWS MISSING: an acknowledged alert was not found in the database'
      : 'every 201 found as a row in the database (SQLite/PostgreSQL runs)',
    ...(failed ? [`${failed} POSTs answered other than 201`] : []),
    `machine: ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  ];
  const result = { axis: 'P3', title: 'ingest: alerts persisted per second (POST /api/alerts)', rows, context };

  log('');
  log('P3 ingest: alerts persisted per second');
  for (const row of rows) {
    const base = row.baseline ? ` vs ${fmtInt(row.baseline)}` : '';
    const ratio = row.ratio ? ` = x${fmt(row.ratio)}` : '';
    const goal = row.goal ? ` (goal ${row.goal}: ${row.met ? 'met' : 'NOT met'})` : '';
    log(`  ${row.label.padEnd(32)} ${fmtInt(row.value)}${base}${ratio}${goal}`);
  }
  for (const line of context) log(`  ${line}`);
  if (options.result) writeFileSync(options.result, `${JSON.stringify(result, null, 2)}\n`);
  if (lostAny) process.exitCode = 1;
}

const round1 = (v) => (v === undefined ? undefined : Math.round(v * 10) / 10);
const round2 = (v) => (v === undefined ? undefined : Math.round(v * 100) / 100);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void cleanupAll().finally(() => process.exit(130));
  });
}

main()
  .catch((error) => {
    process.stderr.write(`ingest bench failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll());
