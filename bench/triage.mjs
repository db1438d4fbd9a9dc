#!/usr/bin/env node
// Triage time per message (issue #10): the built pipeline (server/dist/triage)
// on every labelled message in server/src/triage/fixtures, one message at a
// time, as the server calls it: rules alone, and rules + the learned model
// (the full pipeline). Also a message at the read limit (5,000 characters).
//
//   node bench/triage.mjs [--rounds 3]
//
// Figures are medians of the rounds. The aim is well under a millisecond per
// message on this machine; nothing is asserted, the figures are context.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = join(repo, 'server/dist/triage/index.js');
const fixtures = join(repo, 'server/src/triage/fixtures');
const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Math.max(1, Math.min(20, Number(args[at + 1]) || 3)) : 3;
const log = (line = '') => process.stdout.write(`${line}\n`);

if (!existsSync(dist)) {
  process.stderr.write(`triage not built (${dist} missing): run npm run build\n`);
  process.exit(1);
}
const { triageMessage, defaultRules, defaultModel } = createRequire(import.meta.url)(dist);

const messages = readdirSync(fixtures)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(fixtures, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l).text),
  );
const long = `${'minha mae ta com febre e falta de ar desde ontem, '.repeat(120)}`.slice(0, 5000);

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** One pass over `texts`: per-message times in microseconds, sorted. */
function pass(texts, options) {
  const times = new Float64Array(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t0 = process.hrtime.bigint();
    triageMessage(texts[i], defaultRules, options);
    times[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return times.sort();
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(0)} µs`);
const summary = (sorted) => ({
  mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
  p50: quantile(sorted, 0.5),
  p95: quantile(sorted, 0.95),
  p99: quantile(sorted, 0.99),
  max: sorted[sorted.length - 1],
});

const cases = [
  { label: 'rules alone (stages 1-3, 5)', texts: messages, options: { model: null } },
  { label: 'full pipeline (+ model)', texts: messages, options: {} },
  { label: '5,000-char message, rules', texts: Array(50).fill(long), options: { model: null } },
  { label: '5,000-char message, full', texts: Array(50).fill(long), options: {} },
];
// Warm-up (JIT, compiled rules, spelling memo), then rounds that alternate the order of the cases.
for (let w = 0; w < 2; w++) for (const c of cases) pass(c.texts, c.options);
const perRound = cases.map(() => []);
for (let r = 0; r < rounds; r++) {
  const order = cases.map((_, i) => i);
  if (r % 2 === 1) order.reverse();
  for (const i of order) perRound[i].push(summary(pass(cases[i].texts, cases[i].options)));
}
const results = perRound.map((list) =>
  Object.fromEntries(['mean', 'p50', 'p95', 'p99', 'max'].map((k) => [k, median(list.map((p) => p[k]))])),
);
const [rulesAlone, pipeline] = results;

log(`Triage time per message: ${messages.length} labelled messages (server/src/triage/fixtures), ${rounds} rounds, medians`);
log(`rules ${defaultRules.version}, model ${defaultModel.version}; Node ${process.version}`);
log();
log('|                              | mean    | p50     | p95     | p99     | max     |');
log('|------------------------------|--------:|--------:|--------:|--------:|--------:|');
const row = (label, m) =>
  log(`| ${label.padEnd(28)} | ${[m.mean, m.p50, m.p95, m.p99, m.max].map((v) => fmt(v).padStart(7)).join(' | ')} |`);
cases.forEach((c, i) => row(c.label, results[i]));
log();
log(
  `SUMMARY triage: ${fmt(pipeline.mean)} mean, ${fmt(pipeline.p99)} p99 per message (rules alone ${fmt(rulesAlone.mean)} mean); ` +
    `${Math.round(1e6 / pipeline.mean).toLocaleString('en-US')} messages/s on one core`,
);
