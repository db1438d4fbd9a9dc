// Child-process bookkeeping: everything the bench starts is registered here
// and stopped on exit, on Ctrl-C and on the global deadline.
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();
const cleanups = [];

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

export const spawnTracked = (...args) => track(spawn(...args));
export const forkTracked = (...args) => track(fork(...args));

/** Registers an async cleanup (temp dirs, database schemas), run once at the end. */
export const onCleanup = (fn) => cleanups.push(fn);

export const isRunning = (child) => child.exitCode === null && child.signalCode === null;

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child has exited. */
export async function stopChild(child, graceMs = 10_000) {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => isRunning(child) && child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

let cleaning;
export function cleanupAll() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c, 3000)));
    for (const fn of cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error(`cleanup failed: ${error instanceof Error ? error.message : error}`);
      }
    }
  })();
  return cleaning;
}

// Last resort if the orchestrator dies abruptly: no child outlives it.
process.on('exit', () => {
  for (const c of children) if (isRunning(c)) c.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1 (the bench never listens anywhere else). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far; undefined off Linux. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** Resident and peak resident memory in MiB; undefined off Linux. */
export function memoryMiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
    return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/** Polls `check` every `everyMs` until it returns truthy or `timeoutMs` passes. */
export async function waitFor(check, { timeoutMs, everyMs = 100, what }) {
  const deadline = Date.now() + timeoutMs;
  for (let i = 0; Date.now() < deadline && i < 1_000_000; i++) {
    const value = await check();
    if (value) return value;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** CPU seconds the whole machine has spent busy (all cores, all processes); undefined off Linux. */
export function machineBusySeconds() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
