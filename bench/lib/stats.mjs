// Percentiles and formatting.

/** Epoch milliseconds with sub-millisecond resolution (Date.now() only has whole ms). */
export const hrNow = () => performance.timeOrigin + performance.now();

/**
 * Date.now() - hrNow() in this process, to a few microseconds: the largest
 * difference seen right after Date.now() ticks. Compared across processes to
 * check that their high-resolution epochs agree.
 */
export function clockOffset(samples = 20_000) {
  let best = -Infinity;
  for (let i = 0; i < samples; i++) best = Math.max(best, Date.now() - hrNow());
  return best;
}

/** Nearest-rank percentile of an ascending-sorted array; undefined when empty. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1] : undefined,
  };
}

export const fmt = (value, digits = 2) =>
  value === undefined || value === null || Number.isNaN(value) ? 'n/a' : Number(value).toFixed(digits);
export const fmtInt = (value) =>
  value === undefined || value === null || Number.isNaN(value) ? 'n/a' : Math.round(value).toLocaleString('en-US');
export const ratio = (a, b) => (a === undefined || b === undefined || !b ? 'n/a' : `x${(a / b).toFixed(2)}`);
export const change = (after, before) =>
  after === undefined || before === undefined || !before
    ? 'n/a'
    : `${after >= before ? '+' : ''}${(((after - before) / before) * 100).toFixed(0)}%`;

/** A left-aligned first column and right-aligned data columns. */
export function table(rows, firstWidth = 40, width = 14) {
  return rows
    .map((row) =>
      row.length === 1 ? row[0] : row.map((cell, i) => (i === 0 ? String(cell).padEnd(firstWidth) : String(cell).padStart(width))).join(''),
    )
    .join('\n');
}

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const SUMMED = new Set([
  'posted',
  'accepted',
  'retried',
  'expected',
  'delivered',
  'duplicates',
  'unexpectedDisconnects',
  'otherEvents',
  'failures',
  'connectErrors',
  'disconnectReasons',
]);
const MAXED = new Set(['maxScheduleLagMs', 'serverPeakRssMiB', 'clockSkewMs']);

/**
 * Combines the results of several rounds of one target: counts are summed,
 * worst cases take the maximum, every other figure is the median of the rounds
 * (one round disturbed by another process then does not move the result).
 */
export function combineRounds(rounds, key = '') {
  const first = rounds.find((r) => r !== undefined);
  if (typeof first === 'number') {
    if (SUMMED.has(key)) return rounds.reduce((a, b) => a + (b ?? 0), 0);
    if (MAXED.has(key)) return Math.max(...rounds.filter((x) => typeof x === 'number'));
    return median(rounds);
  }
  // Per-instance figures (one number per server process): combined index by index.
  if (Array.isArray(first) && first.every((x) => typeof x === 'number' || x === undefined))
    return first.map((_, i) =>
      combineRounds(
        rounds.map((r) => r?.[i]),
        key,
      ),
    );
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const keys = new Set(rounds.flatMap((r) => (r ? Object.keys(r) : [])));
    const out = {};
    for (const k of keys)
      out[k] = combineRounds(
        rounds.map((r) => r?.[k]),
        SUMMED.has(key) ? key : k,
      );
    return out;
  }
  return first;
}
