import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { NetworkNamespace } from './network-namespace';
import type { ReceivedReport, StationReport } from './station-runner';

const RUNNER = resolve(__dirname, 'station-runner.ts');
/** The root tsconfig for tests maps `@plantao/shared` to its sources, so the child needs no build of `shared/`. */
const TSCONFIG = resolve(__dirname, '../../../tsconfig.tests.json');

/** A station core running in its own process inside a network namespace (station-runner.ts), seen through its reports. */
export interface StationProcess {
  process: ChildProcess;
  reports: StationReport[];
  /** Every ingest of new alerts, in order. */
  received(): ReceivedReport[];
  /** When the station first took each alert in (ms since epoch), by id. */
  arrivals(): Map<string, number>;
  /** stderr: the core's warnings, or why the process died. */
  errors(): string;
  /** Resolves when `condition` holds (checked at each report); rejects on timeout or if the process exits. */
  until(what: string, condition: () => boolean, timeoutMs: number): Promise<void>;
}

export function startStationProcess(
  namespace: NetworkNamespace,
  settings: { serverUrl: string; email: string; password: string },
): StationProcess {
  const child = namespace.spawn(process.execPath, ['--import', 'tsx', RUNNER], {
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: TSCONFIG,
      PLANTAO_STATION_SERVER_URL: settings.serverUrl,
      PLANTAO_STATION_EMAIL: settings.email,
      PLANTAO_STATION_PASSWORD: settings.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reports: StationReport[] = [];
  const listeners = new Set<() => void>();
  let stderr = '';
  let pending = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) reports.push(JSON.parse(line) as StationReport);
    for (const listener of listeners) listener();
  });
  const echo = process.env.PLANTAO_TEST_LOG === '1';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (echo) process.stderr.write(chunk);
  });
  child.once('exit', () => {
    for (const listener of listeners) listener();
  });

  const received = () => reports.filter((report): report is ReceivedReport => report.event === 'received');

  return {
    process: child,
    reports,
    received,
    arrivals() {
      const first = new Map<string, number>();
      for (const ingest of received()) for (const alert of ingest.alerts) if (!first.has(alert.id)) first.set(alert.id, ingest.at);
      return first;
    },
    errors: () => stderr,
    until(what, condition, timeoutMs) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          if (condition()) {
            done();
            resolve();
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`station process exited (${child.exitCode ?? child.signalCode}) before ${what}:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; station stderr:\n${stderr.slice(-4_000)}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}
