// Preloaded into a server under test by bench/memory.mjs and
// bench/reconnect-storm.mjs (`node --expose-gc --require <this file> ...`),
// so the product needs no bench-only code path. On SIGUSR2 it runs a full
// GC (twice: the first pass frees what weak callbacks release) and writes
// the process's memory to $BENCH_MEM_DIR/mem-<n>.json; with
// BENCH_HEAP_SNAPSHOT=true it also writes a heap snapshot next to it.
// SIGUSR2 is unused by Node and the servers (SIGUSR1 is the inspector's).
'use strict';
const { writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');
const v8 = require('node:v8');

const dir = process.env.BENCH_MEM_DIR;
let n = 0;
if (dir) {
  process.on('SIGUSR2', () => {
    const id = ++n;
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
    const usage = process.memoryUsage();
    const heap = v8.getHeapStatistics();
    let snapshot;
    if (process.env.BENCH_HEAP_SNAPSHOT === 'true') snapshot = v8.writeHeapSnapshot(join(dir, `heap-${id}.heapsnapshot`));
    const file = join(dir, `mem-${id}.json`);
    // Written under another name first: the reader polls for the file and must never see half of it.
    writeFileSync(`${file}.tmp`, JSON.stringify({ id, gc: typeof global.gc === 'function', usage, heap, snapshot }));
    renameSync(`${file}.tmp`, file);
  });
}

// BENCH_CPU_PROF_DIR: CPU profiles, cut at every SIGUSR2 (profile n covers
// the run up to memory reading n; the next one starts there) and at exit (`-last`). node --cpu-prof
// writes nothing when a signal handler calls process.exit, which is how the server stops.
const profDir = process.env.BENCH_CPU_PROF_DIR;
if (profDir) {
  const inspector = require('node:inspector');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 500 });
  session.post('Profiler.start');
  let cut = 0;
  process.on('SIGUSR2', () => {
    const id = ++cut;
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(profDir, `server-${process.pid}-${id}.cpuprofile`), JSON.stringify(result.profile));
      session.post('Profiler.start');
    });
  });
  // The last stretch (a storm ends with a stop, not a reading): an in-thread session answers synchronously, so this runs before exit.
  process.on('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(profDir, `server-${process.pid}-last.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
