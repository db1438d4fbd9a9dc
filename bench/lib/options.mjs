// Command-line flags of `node bench/run.mjs` (see bench/README.md).

const DEFAULTS = {
  clients: 2000,
  tenants: 50,
  workers: 4,
  alerts: 200,
  rate: 50,
  warmup: undefined, // default: 2 alerts per tenant
  burst: 1000,
  burstConcurrency: 8,
  db: 'sqlite',
  pgUrl: 'postgres://postgres@127.0.0.1:5432/test',
  payload: 'small',
  deflateThreshold: undefined,
  compareDeflate: false,
  noContextTakeover: false,
  deflateOn: 1024,
  only: undefined,
  connectConcurrency: 50,
  drainTimeout: 30,
  maxMinutes: 15,
  rounds: 2,
  cpuProf: undefined,
  json: undefined,
  result: undefined,
  help: false,
};

const NUMERIC = new Set([
  'clients',
  'tenants',
  'workers',
  'alerts',
  'rate',
  'warmup',
  'burst',
  'burstConcurrency',
  'deflateThreshold',
  'deflateOn',
  'connectConcurrency',
  'drainTimeout',
  'maxMinutes',
  'rounds',
]);
const BOOLEAN = new Set(['compareDeflate', 'noContextTakeover', 'help']);

export const USAGE = `Usage: node bench/latency.mjs [flags]   (P1; npm run bench -- [flags] passes these flags on to it)

P1, end-to-end latency and throughput of the alert fan-out, Plantão vs a bare
Socket.io server in the same run. The default run (2,000 stations / 50 tenants,
2 rounds) takes about 4 minutes on 2 cores.

  --clients N             socket clients (stations) in total           (default 2000)
  --tenants N             tenants; clients and alerts spread evenly    (default 50)
  --workers N             client processes                             (default 4)
  --alerts N              alerts in the fixed-rate phase               (default 200)
  --rate N[/s]            fixed-rate phase: alerts per second          (default 50)
  --warmup N              warm-up alerts, not counted                  (default 2 per tenant)
  --burst N               alerts in the burst (max throughput) phase;  (default 1000)
                          0 skips the phase
  --burst-concurrency N   POSTs in flight during the burst             (default 8)
  --payload small|large   ~200-byte message, or that plus ~4 KiB of    (default small)
                          triage metadata
  --db sqlite|postgres    Plantão database: temp SQLite file, or a     (default sqlite)
                          fresh schema in --pg-url (dropped at the end)
  --pg-url URL            (default postgres://postgres@127.0.0.1:5432/test)
  --deflate-threshold N   perMessageDeflate above N bytes on BOTH servers (default off)
  --only plantao|bare     run one target only
  --rounds N              repeat every target N times, alternating     (default 2)
                          the order; figures are medians of the rounds
  --compare-deflate       instead of the Plantão/bare comparison: Plantão with
                          compression off vs on (--deflate-on, default 1024 bytes),
                          for both payloads; with --only bare, on the bare server
  --no-context-takeover   bare server only: serverNoContextTakeover, the only
                          mode in which ws honours the size threshold
  --connect-concurrency N handshakes in flight per worker              (default 50)
  --drain-timeout S       wait at most S seconds for deliveries        (default 30)
  --max-minutes M         abort the whole bench after M minutes        (default 15)
  --json FILE             also write the results as JSON (every figure, per round)
  --result FILE           write the P1 axis result (bench/README.md, "Axis results")
  --cpu-prof DIR          write a V8 CPU profile of each Plantão server run to DIR
                          (node --cpu-prof; profiling slows the server down)
`;

const camel = (flag) => flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase());

export function parseOptions(argv) {
  const options = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n\n${USAGE}`);
    let [name, value] = arg.slice(2).split('=', 2);
    name = camel(name);
    if (!(name in DEFAULTS)) throw new Error(`unknown flag --${arg.slice(2)}\n\n${USAGE}`);
    if (BOOLEAN.has(name)) {
      options[name] = value === undefined ? true : value !== 'false';
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
    }
    if (NUMERIC.has(name)) {
      const n = Number.parseFloat(String(value).replace(/\/s$/, ''));
      if (!Number.isFinite(n) || n < 0) throw new Error(`--${name}: not a non-negative number: ${value}`);
      options[name] = n;
    } else {
      options[name] = value;
    }
  }
  for (const k of [
    'clients',
    'tenants',
    'workers',
    'rate',
    'burstConcurrency',
    'connectConcurrency',
    'drainTimeout',
    'maxMinutes',
    'rounds',
  ]) {
    if (!(options[k] > 0)) throw new Error(`--${k} must be > 0`);
  }
  for (const k of ['clients', 'tenants', 'workers', 'alerts', 'burst', 'burstConcurrency', 'connectConcurrency', 'rounds'])
    options[k] = Math.floor(options[k]);
  if (options.tenants > options.clients) throw new Error('--tenants cannot exceed --clients');
  if (options.workers > options.clients) options.workers = options.clients;
  if (!['sqlite', 'postgres'].includes(options.db)) throw new Error('--db must be sqlite or postgres');
  if (!['small', 'large'].includes(options.payload)) throw new Error('--payload must be small or large');
  if (options.only !== undefined && !['plantao', 'bare'].includes(options.only)) throw new Error('--only must be plantao or bare');
  if (options.warmup === undefined) options.warmup = options.tenants * 2;
  options.warmup = Math.floor(options.warmup);
  // Hard caps: every loop in the bench is bounded.
  if (options.rounds > 20) throw new Error('--rounds is capped at 20');
  if (options.clients > 20000) throw new Error('--clients is capped at 20000');
  if (options.alerts + options.burst + options.warmup > 200000) throw new Error('at most 200000 alerts per run');
  return options;
}
