import { type ChildProcess, spawn, type SpawnOptions, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';

/**
 * A station's own network (Linux `ip netns` + a veth pair) with real kernel
 * impairments from nftables inside it: random packet loss and a partition
 * (every packet on the link dropped silently, like a cable cut upstream — the
 * sockets see nothing until their own timers fire).
 *
 * This machine's kernel has no `netem` qdisc, so latency is not made here: the
 * suite holds chunks in a relay on the host side (`startTcpProxy`'s `delayMs`).
 *
 * Needs root, `ip` (iproute2) and `nft` (nftables). `networkNamespaceSupport()`
 * says why not, so a suite can skip with the reason. Teardown kills whatever
 * runs inside, then removes the namespace (its veth goes with it); a process
 * exit runs it too, and a run whose process died (SIGKILL) is swept by the
 * next one: namespaces are named after the pid that made them.
 */
export interface NetworkNamespace {
  name: string;
  /** The host side of the veth (`10.a.b.c/30`, `.1`): listen here for the station. */
  hostAddress: string;
  /** The station side (`.2`), inside the namespace. */
  stationAddress: string;
  stationInterface: string;
  /** Drops `percent` % of the link's packets, in each direction (nft `numgen random`). 0 clears. */
  setLoss(percent: number): void;
  /** Drops every packet on the link, both ways, until called with `false`. */
  partition(on: boolean): void;
  /** Packets the impairments dropped since they were last set (both directions), from nft counters. */
  droppedPackets(): number;
  /** `ip netns exec <name> command …args`: a process whose only network is the veth. */
  spawn(command: string, args: string[], options?: SpawnOptions): ChildProcess;
  /** Kills what runs inside, removes the namespace and the veth. Safe to call twice. */
  remove(): Promise<void>;
}

const PREFIX = 'plantao-test-';
const TABLE = 'plantao_chaos';

export type Availability = { available: true } | { available: false; reason: string };

let probed: Availability | undefined;

/** Whether a namespace with nft rules can be made here, probed once (a throwaway namespace). */
export function networkNamespaceSupport(): Availability {
  probed ??= probe();
  return probed;
}

function probe(): Availability {
  if (process.platform !== 'linux') return { available: false, reason: `network namespaces are Linux only (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { available: false, reason: 'network namespaces need root (ip netns add)' };
  for (const [tool, args, pkg] of [
    ['ip', ['-V'], 'iproute2'],
    ['nft', ['--version'], 'nftables'],
  ] as const) {
    const result = spawnSync(tool, args, { encoding: 'utf8' });
    if (result.error || result.status !== 0) return { available: false, reason: `\`${tool}\` is missing (apt-get install ${pkg})` };
  }
  const name = `${PREFIX}${process.pid}-probe`;
  try {
    run(['ip', 'netns', 'add', name]);
    run(['ip', 'netns', 'exec', name, 'nft', `add table inet ${TABLE}`]);
    return { available: true };
  } catch (error) {
    return { available: false, reason: `cannot make a namespace with nft rules: ${(error as Error).message}` };
  } finally {
    spawnSync('ip', ['netns', 'del', name]);
  }
}

/** Runs a command to completion; throws with its stderr when it fails. */
function run(argv: string[], input?: string): string {
  const [command, ...args] = argv;
  const result = spawnSync(command!, args, { encoding: 'utf8', ...(input === undefined ? {} : { input }) });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${argv.join(' ')}: ${(result.stderr || result.stdout).trim()}`);
  return result.stdout;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The veth pair of a namespace: its name ends in the tag the pair is named after. */
const vethOf = (name: string) => {
  const tag = name.slice(name.lastIndexOf('-') + 1);
  return { host: `pt${tag}h`, station: `pt${tag}s` };
};

/**
 * Kills every process inside the namespace, deletes its veth pair, then the
 * namespace. Synchronous: usable on exit. The pair is deleted explicitly
 * because sockets of killed processes (orphaned TCP connections still
 * retransmitting into a partition) keep the namespace, and the pair with it,
 * alive in the kernel for minutes after `ip netns del`.
 */
function destroyNamespace(name: string): void {
  const pids = spawnSync('ip', ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const veth = vethOf(name);
  spawnSync('ip', ['-n', name, 'link', 'del', veth.station], { stdio: 'ignore' });
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  // Only left if the namespace never got its end of the pair.
  spawnSync('ip', ['link', 'del', veth.host], { stdio: 'ignore' });
}

/** Namespaces left by a run whose process is gone (killed before its teardown). */
function sweepAbandoned(): void {
  const list = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (owner && !isAlive(Number(owner[1]))) destroyNamespace(name);
  }
}

/** A free 10.x.y.z/30: no address or route of this host is in the same /24. */
function freeSubnet(): string {
  const taken = run(['ip', '-4', '-o', 'addr', 'show']) + run(['ip', '-4', 'route', 'show', 'table', 'all']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const prefix = `10.${randomInt(200, 255)}.${randomInt(0, 256)}.`;
    if (!taken.includes(prefix)) return `${prefix}${randomInt(0, 64) * 4}`;
  }
  throw new Error('no free 10.x.y.0/24 found for the veth link');
}

export function createNetworkNamespace(): NetworkNamespace {
  const support = networkNamespaceSupport();
  if (!support.available) throw new Error(support.reason);
  sweepAbandoned();

  const name = `${PREFIX}${process.pid}-${randomBytes(3).toString('hex')}`;
  // Interface names are at most 15 characters: `pt<tag>h` / `pt<tag>s`.
  const { host: hostInterface, station: stationInterface } = vethOf(name);
  const base = freeSubnet().split('.').map(Number);
  const address = (host: number) => [...base.slice(0, 3), base[3]! + host].join('.');
  const hostAddress = address(1);
  const stationAddress = address(2);

  const children = new Set<ChildProcess>();
  let removed = false;
  const teardown = () => {
    if (removed) return;
    removed = true;
    for (const child of children) child.kill('SIGKILL');
    destroyNamespace(name);
    process.off('exit', teardown);
  };
  // A test that throws still runs afterAll; a worker that exits without it runs this.
  process.on('exit', teardown);

  try {
    run(['ip', 'netns', 'add', name]);
    // Made with its peer already inside: no moment where both ends sit in the host.
    run(['ip', 'link', 'add', hostInterface, 'type', 'veth', 'peer', 'name', stationInterface, 'netns', name]);
    run(['ip', 'addr', 'add', `${hostAddress}/30`, 'dev', hostInterface]);
    run(['ip', 'link', 'set', hostInterface, 'up']);
    run(['ip', '-n', name, 'addr', 'add', `${stationAddress}/30`, 'dev', stationInterface]);
    run(['ip', '-n', name, 'link', 'set', stationInterface, 'up']);
    run(['ip', '-n', name, 'link', 'set', 'lo', 'up']);
  } catch (error) {
    teardown();
    throw error;
  }

  const nft = (script: string) => run(['ip', 'netns', 'exec', name, 'nft', '-f', '-'], script);
  /**
   * Replaces the impairment rules in one nft transaction (`table …; delete table …`
   * makes sure it exists, then starts over): `match` selects the veth's packets to
   * drop ('' all of them), `undefined` none. Only the veth is touched: `lo` stays clean.
   */
  const impair = (match: string | undefined) => {
    const rule = (chain: 'input' | 'output') => {
      const iface = chain === 'input' ? 'iifname' : 'oifname';
      return match === undefined ? '' : `    ${iface} "${stationInterface}" ${match}${match ? ' ' : ''}counter drop\n`;
    };
    nft(
      `table inet ${TABLE}\ndelete table inet ${TABLE}\ntable inet ${TABLE} {\n` +
        `  chain input {\n    type filter hook input priority filter; policy accept;\n${rule('input')}  }\n` +
        `  chain output {\n    type filter hook output priority filter; policy accept;\n${rule('output')}  }\n}\n`,
    );
  };
  impair(undefined);

  return {
    name,
    hostAddress,
    stationAddress,
    stationInterface,
    setLoss(percent) {
      if (!Number.isInteger(percent) || percent < 0 || percent > 100) throw new Error(`loss must be 0..100 %, got ${percent}`);
      impair(percent === 0 ? undefined : `numgen random mod 100 < ${percent}`);
    },
    partition(on) {
      impair(on ? '' : undefined);
    },
    droppedPackets() {
      const listing = JSON.parse(run(['ip', 'netns', 'exec', name, 'nft', '-j', 'list', 'table', 'inet', TABLE])) as {
        nftables: { rule?: { expr: { counter?: { packets: number } }[] } }[];
      };
      return listing.nftables.flatMap((entry) => entry.rule?.expr ?? []).reduce((sum, expr) => sum + (expr.counter?.packets ?? 0), 0);
    },
    spawn(command, args, options = {}) {
      if (removed) throw new Error(`namespace ${name} was removed`);
      const child = spawn('ip', ['netns', 'exec', name, command, ...args], options);
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async remove() {
      const running = [...children].filter((child) => child.exitCode === null && child.signalCode === null);
      const exited = running.map((child) => new Promise((resolve) => child.once('exit', resolve)));
      for (const child of running) child.kill('SIGKILL');
      await Promise.all(exited);
      teardown();
    },
  };
}
