/**
 * Small, dependency-free audio analysis for the alarm-sound tests: a WAV
 * parser, a radix-2 FFT, an amplitude envelope, pulse detection and a
 * harmonic spectrum. Written for clarity over speed; files are a few seconds long.
 */

/** Element `i` of an array, or 0 past its end (keeps noUncheckedIndexedAccess quiet in hot loops). */
const at = (a: ArrayLike<number>, i: number): number => a[i] ?? 0;

// ---------------------------------------------------------------- WAV parsing

export interface WavFile {
  /** 1 = linear PCM. */
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Value of the RIFF size field (file length − 8). */
  riffSize: number;
  /** Mono 16-bit samples of the data chunk. */
  samples: Int16Array;
}

/**
 * Parses a RIFF/WAVE file by walking its chunks (so it doesn't rely on the
 * canonical 44-byte layout) and decodes 16-bit mono PCM data.
 */
export function parseWav(buf: Buffer): WavFile {
  if (buf.toString('ascii', 0, 4) !== 'RIFF') throw new Error('not a RIFF file');
  if (buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a WAVE file');
  const riffSize = buf.readUInt32LE(4);
  let fmt: Omit<WavFile, 'samples' | 'riffSize'> | undefined;
  let samples: Int16Array | undefined;
  let offset = 12;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('ascii', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (body + size > buf.length) throw new Error(`chunk "${id}" overruns the file`);
    if (id === 'fmt ') {
      fmt = {
        audioFormat: buf.readUInt16LE(body),
        channels: buf.readUInt16LE(body + 2),
        sampleRate: buf.readUInt32LE(body + 4),
        byteRate: buf.readUInt32LE(body + 8),
        blockAlign: buf.readUInt16LE(body + 12),
        bitsPerSample: buf.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error('"data" chunk before "fmt " chunk');
      if (fmt.audioFormat !== 1 || fmt.bitsPerSample !== 16 || fmt.channels !== 1) {
        throw new Error('only mono 16-bit PCM is supported');
      }
      samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = buf.readInt16LE(body + 2 * i);
    }
    offset = body + size + (size % 2); // chunks are padded to an even length
  }
  if (!fmt || !samples) throw new Error('missing "fmt " or "data" chunk');
  return { ...fmt, riffSize, samples };
}

// ------------------------------------------------------------------------ FFT

/** In-place iterative radix-2 FFT; `re.length` must be a power of two. */
export function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (n & (n - 1) || im.length !== n) throw new Error('FFT size must be a power of two');
  // Bit-reversal permutation.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      const r = at(re, i);
      re[i] = at(re, j);
      re[j] = r;
      const m = at(im, i);
      im[i] = at(im, j);
      im[j] = m;
    }
  }
  // Twiddle factors e^{-2πik/n}, computed directly (no error-accumulating recurrence).
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n);
    sin[k] = -Math.sin((2 * Math.PI * k) / n);
  }
  // Butterflies.
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let start = 0; start < n; start += len) {
      for (let k = 0; k < half; k++) {
        const a = start + k;
        const b = a + half;
        const wr = at(cos, k * step);
        const wi = at(sin, k * step);
        const tr = at(re, b) * wr - at(im, b) * wi;
        const ti = at(re, b) * wi + at(im, b) * wr;
        re[b] = at(re, a) - tr;
        im[b] = at(im, a) - ti;
        re[a] = at(re, a) + tr;
        im[a] = at(im, a) + ti;
      }
    }
  }
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(2, n)));

/**
 * Magnitude spectrum (linear) of `x`, optionally windowed, zero-padded to at
 * least `minSize` points. Bin k is at k × sampleRate / size Hz.
 */
export function magnitudeSpectrum(
  x: ArrayLike<number>,
  options: { window?: 'none' | 'blackman-harris'; minSize?: number } = {},
): { mags: Float64Array; size: number } {
  const size = nextPow2(Math.max(x.length, options.minSize ?? 0));
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let w = 1;
    if (options.window === 'blackman-harris') {
      // 4-term Blackman–Harris: sidelobes below −92 dB, so only true partials show up as peaks.
      const p = (2 * Math.PI * i) / (n - 1);
      w = 0.35875 - 0.48829 * Math.cos(p) + 0.14128 * Math.cos(2 * p) - 0.01168 * Math.cos(3 * p);
    }
    re[i] = at(x, i) * w;
  }
  fft(re, im);
  const mags = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) mags[k] = Math.hypot(at(re, k), at(im, k));
  return { mags, size };
}

export const toDb = (v: number): number => 20 * Math.log10(Math.max(v, 1e-300));

// ------------------------------------------------------------------- Envelope

/**
 * Amplitude envelope: RMS over a centred sliding window of `window` samples,
 * evaluated at every sample. With `window` = one period of the fundamental,
 * a steady periodic tone gives a flat envelope (no ripple), and the window
 * is short (2–7 ms) enough not to blur 20–30 ms ramps.
 */
export function rmsEnvelope(x: ArrayLike<number>, window: number): Float64Array {
  const n = x.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = at(prefix, i) + at(x, i) ** 2;
  const before = Math.floor(window / 2);
  const after = window - before;
  const env = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - before);
    const hi = Math.min(n, i + after);
    env[i] = Math.sqrt(Math.max(0, at(prefix, hi) - at(prefix, lo)) / window);
  }
  return env;
}

/** Sample-index runs [start, end] (inclusive) where `env` ≥ `threshold`. */
export function runsAbove(env: ArrayLike<number>, threshold: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i < env.length; i++) {
    const above = at(env, i) >= threshold;
    if (above && start < 0) start = i;
    if (!above && start >= 0) {
      runs.push([start, i - 1]);
      start = -1;
    }
  }
  if (start >= 0) runs.push([start, env.length - 1]);
  return runs;
}

/** Timing of one pulse, in samples (indices into the file). */
export interface Pulse {
  /** First/last sample at or above the detection threshold (−30 dB re the file's peak). */
  start: number;
  end: number;
  /** Peak envelope value inside the pulse. */
  peak: number;
  /** First sample ≥ 10 %, 50 %, 90 % of `peak` on the rising edge. */
  rise10: number;
  rise50: number;
  rise90: number;
  /** Last sample ≥ 90 %, 50 %, 10 % of `peak` on the falling edge. */
  fall90: number;
  fall50: number;
  fall10: number;
  /** First/last sample ≥ 98 % of `peak`: the steady part used for the spectrum. */
  steadyStart: number;
  steadyEnd: number;
}

/**
 * Finds the pulses of a burst: regions where the envelope is within
 * `thresholdDb` of the whole file's envelope peak, with their edge times.
 */
export function findPulses(env: Float64Array, thresholdDb = -30): Pulse[] {
  let filePeak = 0;
  for (const v of env) filePeak = Math.max(filePeak, v);
  const runs = runsAbove(env, filePeak * 10 ** (thresholdDb / 20));
  return runs.map(([start, end]) => {
    let peak = 0;
    for (let i = start; i <= end; i++) peak = Math.max(peak, at(env, i));
    const first = (level: number): number => {
      let i = start;
      while (i < end && at(env, i) < level * peak) i++;
      return i;
    };
    const last = (level: number): number => {
      let i = end;
      while (i > start && at(env, i) < level * peak) i--;
      return i;
    };
    return {
      start,
      end,
      peak,
      rise10: first(0.1),
      rise50: first(0.5),
      rise90: first(0.9),
      fall90: last(0.9),
      fall50: last(0.5),
      fall10: last(0.1),
      steadyStart: first(0.98),
      steadyEnd: last(0.98),
    };
  });
}

// ------------------------------------------------------------------- Spectrum

export interface SpectralPeak {
  hz: number;
  /** Level in dB (arbitrary reference; compare peaks with each other). */
  db: number;
}

/** Parabolic interpolation of a peak around bin k of a dB spectrum. */
function refinePeak(db: Float64Array, k: number, binHz: number): SpectralPeak {
  const a = at(db, k - 1);
  const b = at(db, k);
  const c = at(db, k + 1);
  const denom = a - 2 * b + c;
  const delta = denom === 0 ? 0 : (0.5 * (a - c)) / denom;
  return { hz: (k + delta) * binHz, db: b - 0.25 * (a - c) * delta };
}

export interface HarmonicAnalysis {
  fundamental: SpectralPeak;
  /** Every local spectral maximum within `floorDb` of the strongest one, 100–5000 Hz. */
  peaks: SpectralPeak[];
  /** Level of harmonic n (n ≥ 2) up to 5 kHz: the strongest bin within ±1 % of n × f0. */
  harmonics: Array<{ n: number } & SpectralPeak>;
}

/**
 * Harmonic analysis of a steady tone segment: Blackman–Harris window, FFT
 * zero-padded to ≥ 65536 points (< 0.7 Hz bins at 44.1 kHz), local maxima
 * within `floorDb` of the strongest partial. The fundamental is the lowest
 * such peak.
 */
export function analyseHarmonics(segment: ArrayLike<number>, sampleRate: number, floorDb = -40): HarmonicAnalysis {
  const { mags, size } = magnitudeSpectrum(segment, { window: 'blackman-harris', minSize: 65_536 });
  const binHz = sampleRate / size;
  const db = Float64Array.from(mags, toDb);
  const lo = Math.ceil(100 / binHz);
  const hi = Math.floor(5000 / binHz);
  let max = -Infinity;
  for (let k = lo; k <= hi; k++) max = Math.max(max, at(db, k));
  const peaks: SpectralPeak[] = [];
  for (let k = lo; k <= hi; k++) {
    const v = at(db, k);
    if (v >= max + floorDb && v > at(db, k - 1) && v >= at(db, k + 1)) peaks.push(refinePeak(db, k, binHz));
  }
  const fundamental = peaks[0];
  if (!fundamental) throw new Error('no spectral peak found');
  const harmonics: HarmonicAnalysis['harmonics'] = [];
  for (let n = 2; n * fundamental.hz <= 5000; n++) {
    const target = n * fundamental.hz;
    let best = Math.round((target * 0.99) / binHz);
    for (let k = best; k <= Math.round((target * 1.01) / binHz); k++) if (at(db, k) > at(db, best)) best = k;
    harmonics.push({ n, ...refinePeak(db, best, binHz) });
  }
  return { fundamental, peaks, harmonics };
}
