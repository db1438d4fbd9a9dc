#!/usr/bin/env node
// The renderer's cost with a shift's worth of state (issue #7): the built
// station screen (desktop/dist/renderer) in Debian's Chromium, fed by an
// in-page DesktopApi with 10,000 alerts and 2,000 patients, against the same
// screen with 100 alerts and 20 patients in the same run. Reports time to
// first render and the 95th percentile of a frame while the alert list and
// the worklist scroll, as ratios to that baseline.
//
//   node bench/renderer.mjs [--alerts 10000] [--patients 2000] [--rounds 3] [--result FILE] [--cpu-prof DIR]
//
// --result FILE writes the P6 axis result (rows with goal <= 1.2, bench/README.md);
// --cpu-prof DIR writes a Chromium CPU profile (.cpuprofile, DevTools can open it)
// of the first round's loaded page, from navigation to the end of the scrolls.
// The default run (3 rounds) takes about a minute on 2 cores.
// Figures are medians of the rounds; absolute milliseconds are context, the
// ratios are the result (a noisy machine moves both the same way).
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/* global window, document, getComputedStyle, requestAnimationFrame -- functions below run in the page */

const root = resolve(fileURLToPath(new URL('..', import.meta.url)), 'desktop/dist/renderer');
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'Usage: node bench/renderer.mjs [--alerts 10000] [--patients 2000] [--rounds 3] [--result FILE] [--cpu-prof DIR]\n' +
      'P6b: the station screen with 10,000 alerts / 2,000 patients vs 100 / 20, in Chromium (default run about a minute).\n',
  );
  process.exit(0);
}
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const textFlag = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? resolve(args[i + 1]) : undefined;
};
const options = {
  alerts: flag('alerts', 10_000),
  patients: flag('patients', 2_000),
  rounds: flag('rounds', 3),
  result: textFlag('result'),
  cpuProf: textFlag('cpu-prof'),
};
const BASELINE = { alerts: 100, patients: 20 };
const log = (line = '') => process.stdout.write(`${line}\n`);

if (!existsSync(join(root, 'index.html'))) {
  process.stderr.write(`renderer not built (${root}/index.html missing): run npm run build\n`);
  process.exit(1);
}

const MIME = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wav': 'audio/wav',
};
function serve() {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (relative(root, file).startsWith('..') || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/**
 * Runs in the page before the renderer: a DesktopApi (`window.plantao`)
 * holding `alerts` alerts (1 % unacknowledged critical, the rest a shift's
 * mix) and `patients` patients. Serialised by Playwright, so self-contained.
 */
function installFakeApi({ alerts, patients }) {
  const now = Date.now();
  const severities = ['critical', 'high', 'medium', 'low'];
  const snapshot = {
    connection: 'connected',
    lastConnectedAt: now - 3_600_000,
    user: { id: 'u1', name: 'Ana Souza', tenantId: 't1', role: 'nurse' },
    lastSeq: alerts,
    alerts: {},
    conversations: {},
    priorities: {},
    patients: {},
    staff: { u1: 'Ana Souza', u2: 'Bruno Lima' },
    config: { alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' },
  };
  for (let p = 0; p < patients; p++) {
    snapshot.patients[`p${p}`] = {
      id: `p${p}`,
      name: `Paciente Número ${p}`,
      bed: `${100 + (p % 400)}${'ABCD'[p % 4]}`,
      status: 'active',
      priority: (p * 37) % 100,
    };
  }
  for (let i = 1; i <= alerts; i++) {
    const severity = i % 100 === 0 ? 'critical' : severities[1 + (i % 3)];
    const acknowledged = !(i % 100 === 0) && i % 2 === 0;
    snapshot.alerts[`a${i}`] = {
      id: `a${i}`,
      seq: i,
      tenantId: 't1',
      patientId: `p${i % patients}`,
      patientName: `Paciente Número ${i % patients}`,
      type: 'critical_symptom',
      severity,
      message: `Mensagem ${i}: febre de 38,${i % 10} e calafrios desde a madrugada`,
      timestamp: new Date(now - (alerts - i) * 2_000).toISOString(),
      readBy: acknowledged ? ['u2'] : [],
      ...(acknowledged ? { acknowledgedBy: 'u2', acknowledgedAt: new Date(now - 1_000).toISOString() } : {}),
      readByMe: false,
      receivedAt: now,
    };
  }
  const settings = { privacyMode: false, startAtLogin: false, locale: 'pt-BR', theme: 'light', updates: { enabled: false }, locked: [] };
  const resolved = (value) => Promise.resolve(value);
  const list = Object.values(snapshot.patients).sort((a, b) => b.priority - a.priority);
  window.plantao = {
    getState: () => resolved(snapshot),
    onStateChanged: () => () => undefined,
    onOpenAlert: () => () => undefined,
    ackAlert: () => resolved(undefined),
    markAlertRead: () => resolved(undefined),
    silenceAlarms: () => resolved(undefined),
    login: () => resolved(undefined),
    logout: () => resolved(undefined),
    getSettings: () => resolved(settings),
    setSettings: () => resolved(settings),
    getManagedConfigStatus: () => resolved({ state: 'absent', path: '(bench)' }),
    getStationInfo: () =>
      resolved({
        host: 'desktop',
        appVersion: 'bench',
        serverUrlSource: 'settings',
        serverUrl: 'http://127.0.0.1',
        supportsStartAtLogin: true,
      }),
    listPatients: () => resolved(list),
    listConversations: () => resolved([]),
    getConversationMessages: () => resolved([]),
    assumeConversation: () => resolved(undefined),
    resolveConversation: () => resolved(undefined),
    replyToConversation: () => resolved({ id: 'm', content: '', sender: 'nurse', timestamp: new Date().toISOString() }),
    subscribePatient: () => resolved(undefined),
    unsubscribePatient: () => resolved(undefined),
    getAlertAudit: () => resolved([]),
    testSound: () => resolved(undefined),
  };
}

/** In the page: the first scrollable element inside the region with this accessible name. */
function scrollerOf(regionName) {
  const region = [...document.querySelectorAll('section,[role="region"]')].find(
    (el) =>
      el.getAttribute('aria-label') === regionName ||
      document.getElementById(el.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() === regionName,
  );
  if (!region) return null;
  for (const el of [region, ...region.querySelectorAll('*')]) {
    const style = getComputedStyle(el);
    if (el.scrollHeight > el.clientHeight + 10 && /(auto|scroll)/.test(style.overflowY)) return el;
  }
  return null;
}

/**
 * In the page: scroll `regionName` by `step` px a frame for `frames` frames; frame durations in ms.
 * At either end it turns back, so a short list (the baseline's 20 patients) scrolls on every frame
 * too: otherwise its p95 would be the cost of frames in which nothing moved.
 */
function scrollFrames({ regionName, frames, step, scrollerSource }) {
  // The helper is passed as source: Playwright serialises one function per call.
  const findScroller = new Function(`return (${scrollerSource})`)();
  const el = findScroller(regionName);
  if (!el) return Promise.resolve({ error: `no scrollable list in region ${regionName}` });
  return new Promise((done) => {
    const durations = [];
    let direction = 1;
    let travelled = 0;
    let last = performance.now();
    let n = 0;
    const tick = () => {
      const t = performance.now();
      if (n > 0) durations.push(t - last);
      last = t;
      if (n++ >= frames) return done({ durations, scrolled: travelled });
      const before = el.scrollTop;
      if ((direction > 0 && before + el.clientHeight >= el.scrollHeight - 1) || (direction < 0 && before <= 0)) direction = -direction;
      el.scrollTop = before + direction * step;
      travelled += Math.abs(el.scrollTop - before);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

async function measure(browser, url, size, profileTo) {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  const page = await context.newPage();
  await page.addInitScript(installFakeApi, size);
  let cdp;
  if (profileTo) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const started = Date.now();
  await page.goto(url);
  await page.getByRole('region', { name: 'Alertas' }).getByRole('article').first().waitFor({ timeout: 60_000 });
  await page.getByRole('region', { name: 'Pacientes' }).waitFor({ timeout: 60_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const firstRenderMs = Date.now() - started;
  const articles = await page.getByRole('region', { name: 'Alertas' }).getByRole('article').count();
  const scroll = {};
  for (const regionName of ['Alertas', 'Pacientes']) {
    const result = await page.evaluate(scrollFrames, { regionName, frames: 120, step: 120, scrollerSource: scrollerOf.toString() });
    scroll[regionName] = result.error ? { error: result.error } : { p95: p95(result.durations), scrolled: result.scrolled };
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    mkdirSync(profileTo, { recursive: true });
    const file = join(profileTo, `renderer-${size.alerts}-alerts.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    log(`CPU profile: ${file}`);
  }
  await context.close();
  return { firstRenderMs, articles, scroll };
}

async function main() {
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/index.html`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const version = browser.version();
  const runs = { baseline: [], load: [] };
  try {
    for (let round = 0; round < options.rounds; round++) {
      // Alternate the order so a warming machine does not favour one side.
      const order = round % 2 === 0 ? ['baseline', 'load'] : ['load', 'baseline'];
      for (const kind of order) {
        const size = kind === 'baseline' ? BASELINE : { alerts: options.alerts, patients: options.patients };
        runs[kind].push(await measure(browser, url, size, round === 0 && kind === 'load' ? options.cpuProf : undefined));
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const summarize = (list) => ({
    firstRenderMs: median(list.map((r) => r.firstRenderMs)),
    articles: median(list.map((r) => r.articles)),
    alertsScrollP95: median(list.map((r) => r.scroll.Alertas.p95 ?? Number.NaN)),
    patientsScrollP95: median(list.map((r) => r.scroll.Pacientes.p95 ?? Number.NaN)),
    errors: [...new Set(list.flatMap((r) => Object.values(r.scroll).flatMap((s) => (s.error ? [s.error] : []))))],
  });
  const base = summarize(runs.baseline);
  const load = summarize(runs.load);
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');
  log(
    `renderer: ${options.alerts} alerts / ${options.patients} patients vs ${BASELINE.alerts} / ${BASELINE.patients} (medians of ${options.rounds} rounds, Chromium ${version})`,
  );
  const row = (name, a, b, last) => log(`${name.padEnd(34)} ${a.padStart(9)} ${b.padStart(9)}   ${last}`);
  row('figure', 'load', 'baseline', 'ratio');
  row('time to first render (ms)', f(load.firstRenderMs), f(base.firstRenderMs), ratio(load.firstRenderMs, base.firstRenderMs));
  row('Alertas scroll frame p95 (ms)', f(load.alertsScrollP95), f(base.alertsScrollP95), ratio(load.alertsScrollP95, base.alertsScrollP95));
  row(
    'Pacientes scroll frame p95 (ms)',
    f(load.patientsScrollP95),
    f(base.patientsScrollP95),
    ratio(load.patientsScrollP95, base.patientsScrollP95),
  );
  row('alert articles in the DOM', String(load.articles), String(base.articles), '(virtualized: about a screenful)');
  for (const error of [...load.errors, ...base.errors]) log(`warning: ${error}`);
  if (options.result) writeFileSync(options.result, JSON.stringify(axisResult(load, base, version), null, 2));
}

/** The P6 rows (bench/README.md, "Axis results"): each figure with 10,000 alerts over the same screen with 100. */
function axisResult(load, base, version) {
  const n = (x) => x.toLocaleString('en-US');
  const row = (label, value, baseline) => {
    const ok = Number.isFinite(value) && Number.isFinite(baseline) && baseline > 0;
    return {
      label,
      value: ok ? Number(value.toFixed(1)) : null,
      baseline: ok ? Number(baseline.toFixed(1)) : null,
      unit: 'ms',
      ratio: ok ? Number((value / baseline).toFixed(2)) : null,
      goal: '<= 1.2',
      met: ok ? value / baseline <= 1.2 : false,
    };
  };
  return {
    axis: 'P6',
    title: `station screen with ${n(options.alerts)} alerts vs ${n(BASELINE.alerts)}`,
    rows: [
      row(`screen: first render, ${n(options.alerts)} alerts`, load.firstRenderMs, base.firstRenderMs),
      row(`screen: Alertas scroll frame p95`, load.alertsScrollP95, base.alertsScrollP95),
      row(`screen: Pacientes scroll frame p95 (${n(options.patients)} patients)`, load.patientsScrollP95, base.patientsScrollP95),
    ],
    context: [
      `P6b screen: built renderer in Chromium ${version}, ${n(options.alerts)} alerts / ${n(options.patients)} patients vs ${n(BASELINE.alerts)} / ${n(BASELINE.patients)}, medians of ${options.rounds} rounds; ${load.articles} alert rows in the DOM (virtualized)`,
      ...[...load.errors, ...base.errors].map((error) => `renderer warning: ${error}`),
    ],
  };
}

main().catch((error) => {
  process.stderr.write(`renderer bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
