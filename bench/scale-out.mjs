#!/usr/bin/env node
// P5 (issue #13): Plantão on two instances over Redis vs one instance, same
// stations, same PostgreSQL; and, with --instances 1,2,3, the scale-out
// measurement behind docs/scaling.md (which process the CPU goes to).
// `node bench/scale-out.mjs --help` for the flags.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { clusterCpu, startPlantaoCluster, startRedis } from './lib/cluster.mjs';
import { log, noiseWarning, note, runTarget, warnings } from './lib/fanout.mjs';
import { parseOptions } from './lib/options.mjs';
import { cleanupAll } from './lib/processes.mjs';
import { combineRounds, fmt, fmtInt, table } from './lib/stats.mjs';

const USAGE = `Usage: node bench/scale-out.mjs [flags]

P5: the same stations and alerts as P1 (bench/latency.mjs), on ONE Plantão
instance and on TWO instances over Redis, both on a fresh schema of one
PostgreSQL (two processes on one SQLite file is not a supported deployment).
Stations are spread over the instances (each tenant has stations on every
instance) and alerts are posted to the instances round-robin, so most
deliveries cross Redis. A private redis-server is started on a free port.
Default run: 2,000 stations / 50 tenants, 2 rounds, about 4 minutes on 2 cores
(bench/run.mjs runs it with --rounds 1: about 2 minutes).

  --instances LIST        instance counts to compare, first is the       (default 1,2)
                          baseline; e.g. 1,2,3 for docs/scaling.md
  --redis-for-one         give the single instance REDIS_URL too (default: a single
                          instance runs without Redis, as it would be deployed)
  --clients N             stations in total                              (default 2000)
  --tenants N             tenants                                        (default 50)
  --workers N             client processes                               (default 4)
  --alerts N --rate N     fixed-rate phase                               (default 200 at 50/s)
  --burst N               burst phase, --burst-concurrency in flight     (default 500, 8)
  --rounds N              rounds, alternating the order                  (default 2)
  --pg-url URL            (default postgres://postgres@127.0.0.1:5432/test; a schema
                          is created per run and dropped)
  --cpu-prof DIR          V8 CPU profile of every instance
  --max-minutes M         abort after M minutes                          (default 10)
  --json FILE             every figure, per round
  --result FILE           the P5 axis result (bench/README.md, "Axis results")
`;

function parse(argv) {
  const own = { instances: [1, 2], redisForOne: false, help: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split('=', 2);
    if (name === '--instances') {
      const value = inline ?? argv[++i];
      own.instances = String(value)
        .split(',')
        .map((n) => Number.parseInt(n, 10));
      if (own.instances.some((n) => !(n >= 1 && n <= 8)) || own.instances.length < 2)
        throw new Error('--instances: two or more counts from 1 to 8');
    } else if (name === '--redis-for-one') own.redisForOne = true;
    else if (name === '--help' || name === '-h') own.help = true;
    else rest.push(argv[i]);
  }
  const defaults = ['--rounds', '2', '--burst', '500', '--max-minutes', '10'];
  const options = parseOptions([...defaults, ...rest]);
  if (options.db !== 'sqlite' || options.only || options.compareDeflate) throw new Error('--db, --only and --compare-deflate are P1 flags');
  return { ...options, ...own };
}

const pct = (v) => fmt(v, 0);

function printTable(options, results) {
  const cell = (f) => results.map((r) => f(r));
  const burst = (r) => r.phases.burst;
  const fixed = (r) => r.phases.fixed;
  const base = results[0];
  const vs = (f) => results.map((r) => (r === base || !f(base) ? '' : `x${(f(r) / f(base)).toFixed(2)}`));
  const rows = [
    ['', ...results.map((r) => r.label)],
    [`fixed rate: ${options.alerts} alerts at ${options.rate}/s`],
    ['  e2e p50 (ms)', ...cell((r) => fmt(fixed(r)?.latency.p50))],
    ['  e2e p99 (ms)', ...cell((r) => fmt(fixed(r)?.latency.p99))],
    ['    vs first', ...vs((r) => fixed(r)?.latency.p99)],
    ['  server CPU per alert (ms, all instances)', ...cell((r) => fmt(fixed(r)?.serverCpuMsPerAlert))],
    [`burst: ${options.burst} alerts, ${options.burstConcurrency} in flight`],
    ['  deliveries/s', ...cell((r) => fmtInt(burst(r)?.deliveriesPerSecond))],
    ['    vs first', ...vs((r) => burst(r)?.deliveriesPerSecond)],
    ['  alerts/s fully delivered', ...cell((r) => fmt(burst(r)?.alertsPerSecond, 1))],
    ['  e2e p50 / p99 (ms)', ...cell((r) => `${fmt(burst(r)?.latency.p50, 0)} / ${fmt(burst(r)?.latency.p99, 0)}`)],
    ['  server CPU per alert (ms, all instances)', ...cell((r) => fmt(burst(r)?.serverCpuMsPerAlert))],
    ['  PostgreSQL backends CPU per alert (ms)', ...cell((r) => fmt(perAlert(burst(r), 'postgres')))],
    ['  redis-server CPU per alert (ms)', ...cell((r) => (r.redis ? fmt(perAlert(burst(r), 'redis'), 3) : '-'))],
    ['  CPU, % of one core: each instance', ...cell((r) => (burst(r)?.perServerCpuPercent ?? []).map(pct).join(' + '))],
    ['                      PostgreSQL backends', ...cell((r) => pct(burst(r)?.extraCpuPercent.postgres))],
    ['                      redis-server', ...cell((r) => (r.redis ? pct(burst(r)?.extraCpuPercent.redis) : '-'))],
    ['                      client workers', ...cell((r) => pct(burst(r)?.clientCpuPercent))],
    ['                      other processes', ...cell((r) => pct(burst(r)?.foreignCpuPercent))],
    ['(all phases)'],
    ['sockets connected', ...cell((r) => fmtInt(r.connected))],
    ['delivered / expected (total)', ...cell((r) => `${sumPhases(r, 'delivered')}/${sumPhases(r, 'expected')}`)],
    ['unexpected disconnects (total)', ...cell((r) => r.unexpectedDisconnects)],
    ['server RSS after connect (MiB, all instances)', ...cell((r) => fmt(r.serverRssAfterConnectMiB, 0))],
  ];
  log(table(rows, 46, 16));
}

const sumPhases = (r, k) => Object.values(r.phases).reduce((s, p) => s + p[k], 0);
const perAlert = (phase, name) => {
  const percent = phase?.extraCpuPercent?.[name];
  if (percent === undefined) return undefined;
  // percent of a core over the phase / alerts per second of the phase = CPU ms per alert
  return ((percent / 100) * 1000) / (phase.accepted / phase.seconds);
};

function axisResult(options, results, warningLines) {
  const base = results[0];
  const rows = [];
  for (const r of results.slice(1)) {
    const n = `${r.instances}/${base.instances}`;
    const row = (label, unit, f, goal, test) => {
      const value = f(r);
      const baseline = f(base);
      const ratioValue = value !== undefined && baseline ? value / baseline : undefined;
      return {
        label,
        value,
        baseline,
        unit,
        ratio: ratioValue,
        goal: goal ?? null,
        met: goal && ratioValue !== undefined ? test(ratioValue) : null,
      };
    };
    rows.push(
      row(
        `fixed ${options.rate}/s: e2e p99, ${n} instances`,
        'ms',
        (x) => x.phases.fixed?.latency.p99,
        '<= 1.3',
        (v) => v <= 1.3,
      ),
    );
    rows.push(row(`fixed ${options.rate}/s: e2e p50, ${n} instances`, 'ms', (x) => x.phases.fixed?.latency.p50));
    rows.push(row(`burst: deliveries/s, ${n} instances`, '/s', (x) => x.phases.burst?.deliveriesPerSecond));
  }
  return {
    axis: 'P5',
    title: `scale-out over Redis (${fmtInt(options.clients)} stations / ${options.tenants} tenants, PostgreSQL; baseline: ${base.label})`,
    rows,
    context: [
      ...noiseWarning(results),
      `burst CPU % of a core (instances | PostgreSQL | Redis | clients | other): ` +
        results
          .map((r) => {
            const b = r.phases.burst;
            return `${r.label} ${(b?.perServerCpuPercent ?? []).map(pct).join('+')} | ${pct(b?.extraCpuPercent.postgres)} | ${r.redis ? pct(b?.extraCpuPercent.redis) : '-'} | ${pct(b?.clientCpuPercent)} | ${pct(b?.foreignCpuPercent)}`;
          })
          .join('; '),
      ...warningLines,
    ],
  };
}

async function runOne(options, count, deadlineMs) {
  const label = count === 1 ? (options.redisForOne ? '1 instance+Redis' : '1 instance') : `${count} instances`;
  const maxMs = Math.max(60_000, deadlineMs - Date.now());
  const withRedis = count > 1 || options.redisForOne;
  note(`${label}: starting${withRedis ? ' redis-server and' : ''} ${count} server(s) on a fresh PostgreSQL schema`);
  const redis = withRedis ? await startRedis({ maxMs }) : undefined;
  try {
    const target = await startPlantaoCluster({
      count,
      tenants: options.tenants,
      pgUrl: options.pgUrl,
      redisUrl: redis?.url,
      maxMs,
      cpuProf: options.cpuProf ? resolve(options.cpuProf) : undefined,
    });
    try {
      const result = await runTarget(options, target, { label, payload: options.payload, maxMs, extraCpu: clusterCpu(target, redis?.pid) });
      return { ...result, redis: Boolean(redis) };
    } finally {
      await target.stop();
    }
  } finally {
    await redis?.stop();
  }
}

async function main() {
  let options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    log(USAGE);
    return;
  }
  const deadlineMs = Date.now() + options.maxMinutes * 60_000;
  const deadline = setTimeout(() => {
    process.stderr.write(`scale-out: aborting after --max-minutes ${options.maxMinutes}\n`);
    cleanupAll().finally(() => process.exit(1));
  }, options.maxMinutes * 60_000);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`scale-out: ${signal}, stopping everything\n`);
      cleanupAll().finally(() => process.exit(130));
    });
  }
  const started = Date.now();
  const loadBefore = loadavg();
  const rounds = options.instances.map(() => []);
  for (let round = 0; round < options.rounds; round++) {
    const order = options.instances.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      note(`round ${round + 1}/${options.rounds}`);
      rounds[i].push(await runOne(options, options.instances[i], deadlineMs));
    }
  }
  clearTimeout(deadline);
  const results = rounds.map((r) => combineRounds(r));
  log();
  log(
    `P5 scale-out: ${options.clients} stations / ${options.tenants} tenants / ${options.workers} worker processes, PostgreSQL, ` +
      `instances ${options.instances.join(' vs ')}; ${options.rounds > 1 ? `medians of ${options.rounds} rounds` : '1 round'}; ` +
      `load avg ${loadBefore.map((l) => l.toFixed(2)).join('/')} before, ${loadavg()
        .map((l) => l.toFixed(2))
        .join('/')} after; took ${fmt((Date.now() - started) / 1000, 0)} s`,
  );
  log();
  printTable(options, results);
  const warningLines = warnings(results);
  log();
  const [a, b] = [results[0], results.at(-1)];
  log(
    `SUMMARY scale-out ${options.clients} stations: ` +
      results
        .map((r) => `${r.label} p99 ${fmt(r.phases.fixed?.latency.p99)} ms, ${fmtInt(r.phases.burst?.deliveriesPerSecond)} deliveries/s`)
        .join(' | ') +
      ` | ${b.label}/${a.label} p99 x${(b.phases.fixed?.latency.p99 / a.phases.fixed?.latency.p99).toFixed(2)}`,
  );
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ options, results, rounds }, null, 2)}\n`);
  if (options.result) writeFileSync(options.result, `${JSON.stringify(axisResult(options, results, warningLines))}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`scale-out failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => process.exit(process.exitCode ?? 0)));
