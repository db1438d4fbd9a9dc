#!/usr/bin/env node
// `npm run bench`: every performance axis of issue #13, each a standalone script
// that writes its figures to a result file (bench/README.md, "Axis results"),
// run one after another (never two at once: they would measure each other),
// then ONE table "P1–P6" with each figure, its baseline and the ratio.
//
//   P1 bench/latency.mjs          latency POST -> every station, Plantão vs bare Socket.io
//   P2 bench/memory.mjs           memory per idle station at 10,000 stations
//   P3 bench/ingest.mjs           alerts persisted per second (SQLite, PostgreSQL, stubbed store)
//   P4 bench/reconnect-storm.mjs  kill -9 + restart with 2,000 stations, replay included
//   P5 bench/scale-out.mjs        two instances over Redis vs one
//   P6 bench/station-core.mjs     station core memory; bench/renderer.mjs, the screen's cost
//   triage bench/triage.mjs       triage time per message (issue #10; its own table, not in P1–P6)
//
// Every axis runs in its own process group, is stopped (the whole group) after
// its time limit, and an axis that fails shows up as failed in the table while
// the others still run.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt } from './lib/stats.mjs';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));
const log = (line = '') => process.stdout.write(`${line}\n`);

/** P1's flags that P5 takes too (same stations, same alerts). */
const SHARED_WITH_P5 = [
  'clients',
  'tenants',
  'workers',
  'alerts',
  'rate',
  'burst-concurrency',
  'payload',
  'pg-url',
  'connect-concurrency',
  'drain-timeout',
];

/**
 * The axes in running order. `minutes`: the share of the ~15-minute default run
 * each gets (the script's own default must fit it); it is stopped after twice that.
 * `args(flags)`: the flags it is given, from the flags given to run.mjs.
 */
const AXES = [
  { id: 'p1', scripts: [{ file: 'latency.mjs', args: (f) => f.p1 }], minutes: 4 },
  { id: 'p2', scripts: [{ file: 'memory.mjs' }], minutes: 2 },
  { id: 'p3', scripts: [{ file: 'ingest.mjs' }], minutes: 2 },
  { id: 'p4', scripts: [{ file: 'reconnect-storm.mjs' }], minutes: 2 },
  // One round here (two alone): connecting 2,000 stations four times does not fit 2.5 minutes on a busy machine.
  { id: 'p5', scripts: [{ file: 'scale-out.mjs', args: (f) => ['--rounds', '1', ...f.p5] }], minutes: 2.5 },
  { id: 'p6', scripts: [{ file: 'station-core.mjs' }, { file: 'renderer.mjs', args: (f) => f.rounds }], minutes: 1.5 },
  { id: 'triage', scripts: [{ file: 'triage.mjs', args: (f) => f.rounds, noResult: true }], minutes: 0.5 },
];

const USAGE = `Usage: npm run bench -- [flags]   (or node bench/run.mjs [flags] when server/dist is current)

Runs the performance axes of issue #13 one after another and ends with one
table "P1–P6": each figure, its baseline in the same run, the ratio and the goal.
The default run takes about 15 minutes on 2 cores (P1 ~4, P2 ~2, P3 ~2, P4 ~2,
P5 ~2.5, P6 ~1.5, triage ~0.5). Each axis script also runs alone: see its --help.

  --only LIST           comma list of axes: p1,p2,p3,p4,p5,p6,triage (default all)
                        also, as before: --only plantao|bare (P1 with one target),
                        --only renderer (the station screen alone), --only triage
  --json FILE           write every axis result (rows, context, exit status) as JSON
  --max-minutes M       stop the whole bench after M minutes                (default 30)
  --help

Any other flag is P1's (node bench/latency.mjs --help): --clients, --tenants,
--rounds, --db, --payload, --compare-deflate (P1 only), --cpu-prof, ...
--clients --tenants --workers --alerts --rate --burst-concurrency --payload
--pg-url --connect-concurrency --drain-timeout also go to P5; --rounds also to
the renderer and triage benches.
`;

function parse(argv) {
  const out = { only: undefined, json: undefined, maxMinutes: 30, help: false, p1: [], p5: [], rounds: [], legacyOnly: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--help' || name === '-h') out.help = true;
    else if (name === '--only') {
      const list = String(value()).toLowerCase().split(',').filter(Boolean);
      if (list.length === 1 && ['plantao', 'bare'].includes(list[0])) {
        out.legacyOnly = list[0];
        out.only = ['p1'];
      } else if (list.length === 1 && list[0] === 'renderer') out.only = ['renderer'];
      else {
        const unknown = list.filter((id) => !AXES.some((a) => a.id === id));
        if (unknown.length) throw new Error(`--only: unknown axis ${unknown.join(', ')} (p1..p6, triage, renderer, plantao, bare)`);
        out.only = list;
      }
    } else if (name === '--json') out.json = value();
    else if (name === '--max-minutes') out.maxMinutes = Number(value());
    else {
      // A P1 flag: passed on as given (with its value, unless it is a switch).
      const switches = ['--compare-deflate', '--no-context-takeover'];
      const words = inline !== undefined || switches.includes(name) ? [arg] : [arg, argv[++i]];
      if (words.includes(undefined)) throw new Error(`${name} needs a value`);
      out.p1.push(...words);
      if (SHARED_WITH_P5.includes(name.slice(2))) out.p5.push(...words);
      if (name === '--rounds') out.rounds.push(...words);
      if (name === '--compare-deflate') out.only ??= ['p1'];
    }
  }
  if (out.legacyOnly) out.p1.push('--only', out.legacyOnly);
  if (!(out.maxMinutes > 0)) throw new Error('--max-minutes must be > 0');
  return out;
}

/** Runs one script in its own process group; resolves with its exit code and the tail of its stderr. */
function runScript(file, args, limitMs) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [here(file), ...args], { stdio: ['ignore', 'inherit', 'pipe'], detached: true });
    let stderrTail = '';
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      stderrTail = (stderrTail + d).slice(-4000);
    });
    let timedOut = false;
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 15_000).unref();
    }, limitMs);
    running.add(killGroup);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(killGroup);
      // Anything of the group left behind (a server the script could not stop) goes too.
      killGroup('SIGKILL');
      resolve({ code, signal, timedOut, stderrTail });
    });
  });
}
const running = new Set();

const lastLines = (text, n = 2) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('·') && !l.startsWith('at '))
    .slice(-n)
    .join(' / ');

async function runAxis(axis, flags, dir, deadlineMs) {
  const outcomes = [];
  for (const script of axis.scripts) {
    const started = Date.now();
    const id = `${axis.id}-${script.file.replace(/\.mjs$/, '')}`;
    if (!existsSync(here(script.file))) {
      outcomes.push({ id, file: script.file, error: `bench/${script.file} does not exist yet` });
      continue;
    }
    const resultFile = join(dir, `${id}.json`);
    const args = [...(script.args?.(flags) ?? []), ...(script.noResult ? [] : ['--result', resultFile])];
    const limitMs = Math.min(axis.minutes * 2 * 60_000, Math.max(10_000, deadlineMs - Date.now()));
    log();
    log(
      `=== ${axis.id.toUpperCase()}: node bench/${script.file} ${args.filter((a) => a !== resultFile && a !== '--result').join(' ')}`.trimEnd(),
    );
    const run = await runScript(script.file, args, limitMs);
    const seconds = (Date.now() - started) / 1000;
    let result;
    try {
      result = JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch {
      // no result: reported below
    }
    const failed = run.timedOut
      ? `stopped after ${fmt(limitMs / 60_000, 1)} min`
      : run.code !== 0
        ? `exit ${run.code ?? run.signal}: ${lastLines(run.stderrTail)}`
        : !result && !script.noResult && !flags.legacyP1
          ? 'wrote no result'
          : undefined;
    outcomes.push({ id, file: script.file, seconds, exitCode: run.code, result, error: failed });
  }
  return outcomes;
}

function valueText(value, unit) {
  if (typeof value !== 'number' || Number.isNaN(value)) return value === undefined || value === null ? '-' : String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const n = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return unit ? `${n} ${unit}` : n;
}

function printSummary(outcomes) {
  const rows = [['axis', 'figure', 'Plantão', 'baseline', 'ratio', 'goal', 'met']];
  const context = [];
  for (const o of outcomes) {
    if (o.file === 'triage.mjs') continue;
    const axis = o.result?.axis ?? o.id.split('-')[0].toUpperCase();
    if (o.error) rows.push([axis, `FAILED (${o.file}): ${o.error}`.slice(0, 140), '', '', '', '', '']);
    if (!o.result) continue;
    for (const r of o.result.rows ?? []) {
      rows.push([
        axis,
        r.label,
        valueText(r.value, r.unit),
        valueText(r.baseline, r.unit),
        typeof r.ratio === 'number' ? `x${r.ratio.toFixed(2)}` : '-',
        r.goal ?? '',
        r.met === true ? 'yes' : r.met === false ? 'NO' : '',
      ]);
    }
    for (const line of o.result.context ?? []) context.push(`  ${axis}: ${line}`);
  }
  log();
  log('P1–P6 (ratio = Plantão / baseline; the baseline of each axis is measured in the same run, see bench/README.md)');
  const widths = rows[0].map((_, c) => Math.min(c === 1 ? 60 : 30, Math.max(...rows.map((r) => String(r[c]).length))));
  for (const [i, r] of rows.entries()) {
    log(r.map((cell, c) => (c < 2 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join('  '));
    if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  if (context.length) {
    log();
    for (const line of context) log(line);
  }
}

async function main() {
  let flags;
  try {
    flags = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (flags.help) {
    log(USAGE);
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}, stopping everything\n`);
      for (const kill of running) kill('SIGTERM');
      setTimeout(() => {
        for (const kill of running) kill('SIGKILL');
        process.exit(130);
      }, 5000).unref();
    });
  }
  // Legacy single-purpose modes print their own output, as before.
  if (flags.only?.length === 1 && ['renderer', 'triage'].includes(flags.only[0])) {
    const run = await runScript(flags.only[0] === 'renderer' ? 'renderer.mjs' : 'triage.mjs', flags.rounds, flags.maxMinutes * 60_000);
    process.exitCode = run.code ?? 1;
    return;
  }
  // P1 alone with one target or comparing compression: its own report only, no P1 row to show.
  const legacyP1 = Boolean(flags.legacyOnly || flags.p1.includes('--compare-deflate'));
  flags.legacyP1 = legacyP1;
  const axes = AXES.filter((a) => !flags.only || flags.only.includes(a.id));
  const dir = mkdtempSync(join(tmpdir(), 'plantao-bench-results-'));
  const started = Date.now();
  const deadlineMs = started + flags.maxMinutes * 60_000;
  const loadBefore = loadavg();
  const outcomes = [];
  try {
    for (const axis of axes) {
      if (Date.now() > deadlineMs) {
        outcomes.push({ id: axis.id, file: axis.scripts[0].file, error: `not run: --max-minutes ${flags.maxMinutes} reached` });
        continue;
      }
      outcomes.push(...(await runAxis(axis, flags, dir, deadlineMs)));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!legacyP1) printSummary(outcomes);
  const cpu = cpus();
  log();
  log(
    `machine: ${cpu.length}x ${cpu[0]?.model}, Node ${process.version}; load avg ${loadBefore.map((l) => l.toFixed(2)).join('/')} before, ` +
      `${loadavg()
        .map((l) => l.toFixed(2))
        .join('/')} after; bench took ${fmt((Date.now() - started) / 60_000, 1)} min`,
  );
  if (flags.json)
    writeFileSync(
      flags.json,
      `${JSON.stringify({ machine: { cpus: cpu.length, cpuModel: cpu[0]?.model, node: process.version, loadBefore }, outcomes }, null, 2)}\n`,
    );
  if (outcomes.some((o) => o.error)) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  for (const kill of running) kill('SIGKILL');
  process.exitCode = 1;
});
