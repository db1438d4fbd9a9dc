#!/usr/bin/env node
// Where the memory of N sockets goes: compares two V8 heap snapshots (written
// by `node bench/memory.mjs --only plantao --heap-snapshot DIR`, before and
// after the stations connected) and prints the growth by object kind
// (constructor or type: closures by function name, strings, arrays...),
// per station when --per N is given.
//
//   node bench/lib/fleet-heap-diff.mjs before.heapsnapshot after.heapsnapshot [--per 2000] [--top 40]
import { readFileSync } from 'node:fs';

function summarize(file) {
  const snap = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const fields = meta.node_fields;
  const types = meta.node_types[0];
  const stride = fields.length;
  const iType = fields.indexOf('type');
  const iName = fields.indexOf('name');
  const iSize = fields.indexOf('self_size');
  const by = new Map();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = types[nodes[i + iType]];
    let name = snap.strings[nodes[i + iName]];
    // Strings and numbers differ by content: group them by type only.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number') name = '';
    if (name.length > 80) name = `${name.slice(0, 77)}...`;
    const key = `${type}\t${name}`;
    const entry = by.get(key) ?? { count: 0, size: 0 };
    entry.count += 1;
    entry.size += nodes[i + iSize];
    by.set(key, entry);
  }
  return by;
}

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
const per = Number(args[args.indexOf('--per') + 1]) || 1;
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 40;
if (files.length !== 2) {
  console.error('usage: fleet-heap-diff.mjs before.heapsnapshot after.heapsnapshot [--per N] [--top 40]');
  process.exit(2);
}
const [a, b] = files.map(summarize);
const rows = [];
let total = 0;
for (const [key, after] of b) {
  const before = a.get(key) ?? { count: 0, size: 0 };
  const size = after.size - before.size;
  const count = after.count - before.count;
  total += size;
  rows.push({ key, size, count });
}
rows.sort((x, y) => y.size - x.size);
console.log(`heap growth ${(total / 1024 / 1024).toFixed(1)} MiB, ${(total / per).toFixed(0)} bytes per unit (per=${per})`);
console.log('bytes/unit  objs/unit  type / name');
for (const r of rows.slice(0, top)) {
  const [type, name] = r.key.split('\t');
  console.log(`${(r.size / per).toFixed(0).padStart(10)} ${(r.count / per).toFixed(2).padStart(10)}  ${type} ${name}`);
}
