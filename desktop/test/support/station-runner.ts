/**
 * The real station core as a process of its own, for a suite that puts it
 * behind its own network (network-namespace.ts runs it with
 * `ip netns exec … node --import tsx station-runner.ts`).
 *
 * It signs in with PLANTAO_STATION_EMAIL / PLANTAO_STATION_PASSWORD at
 * PLANTAO_STATION_SERVER_URL and then only reports, one JSON object a line on
 * stdout (`StationReport`, parsed by station-process.ts); the core's warnings
 * go to stderr. It takes no commands: the suite kills it at the end (and it
 * exits by itself if its parent is gone). Every timing is the product's
 * default (heartbeat, reconnection backoff, alarms), so what the suite
 * measures is what a real station would do.
 */
import type { SoundKind } from '@plantao/shared';
import { createStation } from '../../src/core/create-station';
import type { CoreLogger } from '../../src/core/logger';
import { createMemoryStorage } from '../../src/core/storage';

/** One ingest of alerts the station had never seen, and the sound it made for them (if any). */
export interface ReceivedReport {
  event: 'received';
  at: number;
  origin: string;
  alerts: { id: string; seq: number; severity: string }[];
  /** Copies of already-held alerts the core discarded in this ingest (an ingest of copies only adds nothing and is not reported). */
  duplicatesDropped: number;
  sound: SoundKind | null;
}

export type StationReport =
  | { event: 'signed-in'; at: number }
  | { event: 'sign-in-failed'; at: number; error: string }
  | { event: 'connection'; at: number; status: string }
  | ReceivedReport
  /** A sound outside an ingest: repeats of unacknowledged critical alerts, the technical alarm. */
  | { event: 'sound'; at: number; kind: SoundKind }
  | { event: 'notification'; at: number; id: string; title: string; body: string };

const report = (line: StationReport) => process.stdout.write(`${JSON.stringify(line)}\n`);

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/**
 * The core logs "alerts received" (with the new ids) and, in the same
 * synchronous call, asks the alarm policy to sound: an ingest is open from
 * that log line until the next one or the next microtask, and a sound
 * meanwhile is its sound. (After a reconnect the catch-up gate hands over
 * its replayed and its live alerts as two ingests in one synchronous call.)
 */
let ingest: ReceivedReport | undefined;
const closeIngest = () => {
  if (ingest) report(ingest);
  ingest = undefined;
};

/** PLANTAO_TEST_LOG=1 (as for the in-process harness): the core's chatter to stderr too. */
const chatter = process.env.PLANTAO_TEST_LOG === '1';
const toStderr = (level: string) => (msg: string, context?: Record<string, unknown>) =>
  process.stderr.write(`${new Date().toISOString()} ${level} ${msg} ${JSON.stringify(context ?? {})}\n`);

const logger: CoreLogger = {
  debug: (msg, context) => (chatter ? toStderr('debug')(msg, context) : undefined),
  info: (msg, context) => {
    if (chatter) toStderr('info')(msg, context);
    if (msg !== 'alerts received' || !context) return;
    const added = (context['added'] as string[] | undefined) ?? [];
    const alerts = station.store.getState().alerts;
    closeIngest();
    ingest = {
      event: 'received',
      at: Date.now(),
      origin: String(context['origin']),
      alerts: added.map((id) => ({ id, seq: alerts[id]?.seq ?? -1, severity: alerts[id]?.severity ?? 'unknown' })),
      duplicatesDropped: Number(context['duplicates'] ?? 0),
      sound: null,
    };
    queueMicrotask(closeIngest);
  },
  warn: toStderr('warn'),
  error: toStderr('error'),
};

const station = createStation({
  serverUrl: env('PLANTAO_STATION_SERVER_URL'),
  storage: createMemoryStorage(),
  logger,
  outputs: {
    notify: (request) => report({ event: 'notification', at: Date.now(), id: request.id, title: request.title, body: request.body }),
    playSound: (kind) => {
      if (ingest && ingest.sound === null) ingest.sound = kind;
      else report({ event: 'sound', at: Date.now(), kind });
    },
  },
});

let connection = station.store.getState().connection;
station.store.subscribe((state) => {
  if (state.connection === connection) return;
  connection = state.connection;
  report({ event: 'connection', at: Date.now(), status: connection });
});

// Orphaned (the suite's worker died without killing it): nobody reads the reports any more.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1_000).unref();

station.login(env('PLANTAO_STATION_EMAIL'), env('PLANTAO_STATION_PASSWORD')).then(
  () => report({ event: 'signed-in', at: Date.now() }),
  (error: unknown) => {
    report({ event: 'sign-in-failed', at: Date.now(), error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  },
);
