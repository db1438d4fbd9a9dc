#!/usr/bin/env node
// P1 (issue #13): end-to-end latency and throughput of Plantão's alert fan-out,
// side by side with a bare Socket.io server doing the same room broadcasts.
// `node bench/latency.mjs --help` for the flags; bench/run.mjs runs it as axis P1.
//
//   this process (poster)        posts alerts over HTTP keep-alive, at a fixed
//     |                          rate and then as fast as --burst-concurrency allows
//     +-- server under test      server/dist/main.js, or bench/bare-server.mjs
//     +-- N client workers       bench/client-worker.mjs, each with its share of sockets
//
// Latency = time the client's `critical_alert` handler runs minus the time the
// poster was about to write the POST (metadata.sentAt), both read from the same
// machine clock. See bench/README.md for what the numbers mean.
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { commonRows, log, noiseWarning, note, phaseRows, runTarget, warnings } from './lib/fanout.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { cleanupAll } from './lib/processes.mjs';
import { change, combineRounds, fmt, fmtInt, ratio, table } from './lib/stats.mjs';
import { socketIoVersion, startBare, startPlantao } from './lib/targets.mjs';

async function benchTarget(options, spec, deadlineMs) {
  note(`${spec.label}: starting server`);
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
  try {
    const result = await runTarget(options, target, { label: spec.label, payload: spec.payload, maxMs });
    return { ...result, kind: spec.kind, deflateThreshold: spec.deflateThreshold };
  } finally {
    await target.stop();
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

/** The P1 rows of the final table (bench/README.md, "Axis results"). */
function axisResult(options, results, warningLines, machine) {
  const [a, b] = results;
  const row = (label, unit, f, goal, test) => {
    const value = a ? f(a) : undefined;
    const baseline = b ? f(b) : undefined;
    const r = value !== undefined && baseline ? value / baseline : undefined;
    return { label, value, baseline, unit, ratio: r, goal: goal ?? null, met: goal && r !== undefined ? test(r) : null };
  };
  const fixed = (k) => (r) => r.phases.fixed?.latency[k];
  const burst = (f) => (r) => (r.phases.burst ? f(r.phases.burst) : undefined);
  const rows = [
    row(`fixed ${options.rate}/s: e2e p50`, 'ms', fixed('p50')),
    row(`fixed ${options.rate}/s: e2e p99`, 'ms', fixed('p99'), '<= 1.2', (r) => r <= 1.2),
    row('fixed: server CPU per alert', 'ms', (r) => r.phases.fixed?.serverCpuMsPerAlert),
    row(
      `burst (${options.burstConcurrency} in flight): deliveries/s`,
      '/s',
      burst((p) => p.deliveriesPerSecond),
      '>= 0.8',
      (r) => r >= 0.8,
    ),
    row(
      'burst: e2e p99',
      'ms',
      burst((p) => p.latency.p99),
    ),
  ];
  const delivered = results.map(
    (r) =>
      `${r.label} ${Object.values(r.phases).reduce((s, p) => s + p.delivered, 0)}/${Object.values(r.phases).reduce((s, p) => s + p.expected, 0)}`,
  );
  return {
    axis: 'P1',
    title: `latency, POST -> every station (${fmtInt(options.clients)} stations / ${options.tenants} tenants, ${options.db})`,
    rows,
    context: [
      ...noiseWarning(results),
      `medians of ${options.rounds} round(s); deliveries ${delivered.join(', ')}; load avg ${machine.loadBefore.map((l) => l.toFixed(1)).join('/')} before`,
      ...results.map(
        (r) =>
          `${r.label}: other processes CPU fixed/burst ${fmt(r.phases.fixed?.foreignCpuPercent, 0)}/${fmt(r.phases.burst?.foreignCpuPercent, 0)} % of a core`,
      ),
      ...warningLines,
    ],
  };
}

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
  const deadlineMs = Date.now() + options.maxMinutes * 60_000;
  const deadline = setTimeout(() => {
    process.stderr.write(`latency: aborting after --max-minutes ${options.maxMinutes}\n`);
    cleanupAll().finally(() => process.exit(1));
  }, options.maxMinutes * 60_000);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`latency: ${signal}, stopping everything\n`);
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
  const machine = { cpus: cpu.length, cpuModel: cpu[0]?.model, node: process.version, socketIo: socketIoVersion(), loadBefore: loadavg() };
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
    `P1 latency: ${options.clients} clients / ${options.tenants} tenants / ${options.workers} worker processes, db ${options.db}, ` +
      (options.compareDeflate
        ? `${deflateKind === 'plantao' ? 'Plantão' : 'bare server'}, perMessageDeflate off vs threshold ${options.deflateOn} B, payloads small and large`
        : `payload ${options.payload}, perMessageDeflate ${deflateText(options.deflateThreshold)}`) +
      (options.noContextTakeover ? ' (bare server: serverNoContextTakeover)' : ''),
  );
  log(
    `machine: ${machine.cpus}x ${machine.cpuModel}, Node ${machine.node}, socket.io ${machine.socketIo}, ` +
      `load avg ${machine.loadBefore.map((l) => l.toFixed(2)).join('/')} before, ${machine.loadAfter.map((l) => l.toFixed(2)).join('/')} after; ` +
      `took ${fmt((Date.now() - started) / 1000, 0)} s`,
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
  const warningLines = warnings(results);
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
    return;
  }
  const [a, b] = results;
  const one = (r) => `${r.label} p50 ${fmt(p(r)?.latency.p50)} ms p99 ${fmt(p(r)?.latency.p99)} ms, ${fmtInt(thr(r))} deliveries/s`;
  log(
    `SUMMARY ${options.clients} clients/${options.tenants} tenants @ ${options.rate} alerts/s: ${results.map(one).join(' | ')}` +
      (b
        ? ` | Plantão/bare p50 ${ratio(p(a)?.latency.p50, p(b)?.latency.p50)} p99 ${ratio(p(a)?.latency.p99, p(b)?.latency.p99)} throughput ${ratio(thr(a), thr(b))}`
        : ''),
  );
  if (options.result && a && b) writeFileSync(options.result, `${JSON.stringify(axisResult(options, results, warningLines, machine))}\n`);
}

main()
  .catch((error) => {
    process.stderr.write(`latency failed: ${error instanceof Error ? error.stack : error}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => process.exit(process.exitCode ?? 0)));
