/**
 * Checks the COMMITTED alarm sounds in desktop/assets/sounds/ against
 * IEC 60601-1-8 (clause 6.3.3.1, Table 3 "burst" and Table 4 "pulse") by
 * analysing the audio itself: our own WAV parser, envelope and FFT, cross-
 * checked with sox. One test regenerates the files with the script and
 * demands byte-identical output, so the script and the assets cannot drift.
 *
 * Edge conventions. A pulse is found where its envelope (RMS over one period
 * of the fundamental) is within −30 dB of the file's peak. The standard's
 * timing limits are checked twice: with edges at that −30 dB threshold, and
 * with edges at 50 % of the pulse's amplitude. Rise time is 10 % → 90 % of
 * the pulse's peak amplitude, fall time 90 % → 10 %.
 *
 * Documented choice for the high-priority "3 + 2" pattern: the spacing
 * between pulses 3 → 4 and 8 → 9 is 2 t_s + t_d (one pulse slot left
 * silent); it must be at least twice the longest ordinary spacing and
 * shorter than the 350 ms minimum of the 5 → 6 pause.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateAlarmSounds, patterns } from '../scripts/generate-alarm-sounds';
import {
  analyseHarmonics,
  findPulses,
  magnitudeSpectrum,
  parseWav,
  rmsEnvelope,
  toDb,
  type HarmonicAnalysis,
  type Pulse,
  type WavFile,
} from './support/wav-analysis';

const SOUNDS_DIR = fileURLToPath(new URL('../assets/sounds/', import.meta.url));
type Kind = keyof typeof patterns;
const KINDS = Object.keys(patterns) as Kind[];

/** IEC 60601-1-8 limits per priority (ms). */
const IEC = {
  // Table 3: 10 pulses, t_s 50–125 ms, 5th → 6th pulse 350–1300 ms. Table 4: t_d 75–200 ms.
  high: { pulseCounts: [10], tdMs: [75, 200], tsMs: [50, 125] },
  // Table 3: 3 pulses, t_s 125–250 ms. Table 4: t_d 125–250 ms.
  medium: { pulseCounts: [3], tdMs: [125, 250], tsMs: [125, 250] },
  // Table 3: 1 or 2 pulses, t_s 125–250 ms. Table 4: t_d 125–250 ms.
  low: { pulseCounts: [1, 2], tdMs: [125, 250], tsMs: [125, 250] },
} as const;
const HIGH_PAUSE_MS = [350, 1300] as const; // Table 3: spacing between the 5th and 6th pulse
const RISE_FRACTION = [0.1, 0.2] as const; // Table 4: t_r 10–20 % of t_d
const FUNDAMENTAL_HZ = [150, 1000] as const; // Table 4: pulse frequency f0
const HARMONIC_BAND_HZ = [300, 4000] as const; // Table 4: ≥ 4 harmonic components in this band…
const HARMONIC_SPREAD_DB = 15; // …each within ±15 dB of the fundamental

interface Analysis {
  bytes: Buffer;
  wav: WavFile;
  /** Samples scaled to ±1.0 full scale (32768, as sox does). */
  x: Float64Array;
  pulses: Pulse[];
  /** Per-pulse harmonic analysis of the steady part. */
  spectra: HarmonicAnalysis[];
  ms: (samples: number) => number;
}

function analyse(kind: Kind): Analysis {
  const bytes = readFileSync(join(SOUNDS_DIR, patterns[kind].file));
  const wav = parseWav(bytes);
  const x = Float64Array.from(wav.samples, (s) => s / 32768);
  const rate = wav.sampleRate;
  // Pass 1: a 10 ms envelope is enough to locate the pulses and measure f0
  // on the middle of the first one.
  const coarse = findPulses(rmsEnvelope(x, Math.round(rate * 0.01)));
  const first = coarse[0];
  if (!first) throw new Error(`${kind}: no pulse found`);
  const quarter = Math.floor((first.end - first.start) / 4);
  const f0 = analyseHarmonics(x.subarray(first.start + quarter, first.end - quarter), rate).fundamental.hz;
  // Pass 2: envelope over exactly one period, flat on the steady tone.
  const pulses = findPulses(rmsEnvelope(x, Math.round(rate / f0)));
  const spectra = pulses.map((p) => analyseHarmonics(x.subarray(p.steadyStart, p.steadyEnd + 1), rate));
  return { bytes, wav, x, pulses, spectra, ms: (samples) => (samples * 1000) / rate };
}

const analyses = new Map<Kind, Analysis>();
const analysis = (kind: Kind): Analysis => {
  let a = analyses.get(kind);
  if (!a) analyses.set(kind, (a = analyse(kind)));
  return a;
};

/** Durations and spacings under both edge conventions, in ms. */
function timing(a: Analysis) {
  const { pulses, ms } = a;
  const pairs = pulses.slice(1).map((next, i) => [pulses[i] as Pulse, next] as const);
  return {
    td30: pulses.map((p) => ms(p.end - p.start + 1)),
    td50: pulses.map((p) => ms(p.fall50 - p.rise50 + 1)),
    ts30: pairs.map(([p, q]) => ms(q.start - p.end - 1)),
    ts50: pairs.map(([p, q]) => ms(q.rise50 - p.fall50 - 1)),
    rise: pulses.map((p) => ms(p.rise90 - p.rise10)),
    fall: pulses.map((p) => ms(p.fall10 - p.fall90)),
  };
}

const expectWithin = (value: number, [lo, hi]: readonly [number, number], what: string): void => {
  expect(value, `${what} = ${value.toFixed(2)} outside [${lo}, ${hi}]`).toBeGreaterThanOrEqual(lo);
  expect(value, `${what} = ${value.toFixed(2)} outside [${lo}, ${hi}]`).toBeLessThanOrEqual(hi);
};

/** Indices of the high-priority spacings that are not ordinary t_s: 3→4, 5→6, 8→9. */
const HIGH_GROUP_GAPS = [2, 7];
const HIGH_PAUSE_GAP = 4;

describe.each(KINDS)('%s.wav', (kind) => {
  const pattern = patterns[kind];
  const limits = IEC[pattern.iecPriority];

  it('is mono 16-bit linear PCM with a consistent RIFF header', () => {
    const { wav, bytes } = analysis(kind);
    expect(wav.audioFormat).toBe(1);
    expect(wav.channels).toBe(1);
    expect(wav.sampleRate).toBe(44_100);
    expect(wav.bitsPerSample).toBe(16);
    expect(wav.blockAlign).toBe(2);
    expect(wav.byteRate).toBe(44_100 * 2);
    expect(wav.riffSize).toBe(bytes.length - 8);
    expect(44 + wav.samples.length * 2).toBe(bytes.length);
  });

  it('peaks below 0 dBFS and starts and ends in silence', () => {
    const { x, pulses, ms } = analysis(kind);
    let peak = 0;
    for (const v of x) peak = Math.max(peak, Math.abs(v));
    expect(toDb(peak)).toBeLessThan(pattern.peakDbfs + 0.5);
    expect(toDb(peak)).toBeGreaterThan(pattern.peakDbfs - 0.5);
    expect(toDb(peak)).toBeLessThan(-0.5);
    const first = pulses[0] as Pulse;
    const last = pulses[pulses.length - 1] as Pulse;
    expect(x[0]).toBe(0);
    expect(x[x.length - 1]).toBe(0);
    // A short trailing silence: 100–500 ms after the last pulse.
    expectWithin(ms(x.length - 1 - last.end), [100, 500], 'trailing silence (ms)');
    expect(ms(first.start)).toBeLessThan(50);
  });

  it(`has the ${pattern.iecPriority}-priority pulse count, durations and spacings`, () => {
    const a = analysis(kind);
    const t = timing(a);
    expect(limits.pulseCounts as readonly number[]).toContain(a.pulses.length);
    for (const [name, td] of [
      ['t_d (−30 dB)', t.td30],
      ['t_d (50 %)', t.td50],
    ] as const) {
      td.forEach((v, i) => expectWithin(v, limits.tdMs, `${name} of pulse ${i + 1}`));
    }
    for (const [name, ts] of [
      ['t_s (−30 dB)', t.ts30],
      ['t_s (50 %)', t.ts50],
    ] as const) {
      ts.forEach((v, i) => {
        const label = `${name} between pulses ${i + 1} and ${i + 2}`;
        if (pattern.iecPriority !== 'high') return expectWithin(v, limits.tsMs, label);
        if (i === HIGH_PAUSE_GAP) return expectWithin(v, HIGH_PAUSE_MS, label);
        if (HIGH_GROUP_GAPS.includes(i)) return; // checked in the "3 + 2" test below
        expectWithin(v, limits.tsMs, label);
      });
    }
  });

  it('rises and falls over 10–20 % of the pulse duration, smoothly (no clicks)', () => {
    const a = analysis(kind);
    const t = timing(a);
    a.pulses.forEach((_, i) => {
      const rise = t.rise[i] ?? NaN;
      const fall = t.fall[i] ?? NaN;
      for (const td of [t.td30[i] ?? NaN, t.td50[i] ?? NaN]) {
        expectWithin(rise / td, RISE_FRACTION, `pulse ${i + 1} rise ${rise.toFixed(1)} ms / t_d ${td.toFixed(1)} ms`);
        expectWithin(fall / td, RISE_FRACTION, `pulse ${i + 1} fall ${fall.toFixed(1)} ms / t_d ${td.toFixed(1)} ms`);
      }
    });

    // No click: no sample-to-sample step anywhere exceeds the largest step of
    // the steady tone itself (a step or kink in the envelope would).
    const { x, pulses } = a;
    let steadyStep = 0;
    for (const p of pulses) {
      for (let i = p.steadyStart + 1; i <= p.steadyEnd; i++) steadyStep = Math.max(steadyStep, Math.abs((x[i] ?? 0) - (x[i - 1] ?? 0)));
    }
    let anyStep = 0;
    for (let i = 1; i < x.length; i++) anyStep = Math.max(anyStep, Math.abs((x[i] ?? 0) - (x[i - 1] ?? 0)));
    expect(anyStep).toBeLessThanOrEqual(steadyStep * 1.02);

    // Between pulses (away from the ramps' inaudible tails) the file is digital silence.
    const margin = Math.round(a.wav.sampleRate * 0.01);
    pulses.slice(1).forEach((next, i) => {
      const prev = pulses[i] as Pulse;
      let nonZero = 0;
      for (let s = prev.end + margin; s < next.start - margin; s++) if (x[s] !== 0) nonZero++;
      expect(nonZero, `non-zero samples between pulses ${i + 1} and ${i + 2}`).toBe(0);
    });

    // And no broadband splatter: above 8 kHz (twice the highest partial) the
    // whole file holds less than −60 dB of its energy.
    const { mags, size } = magnitudeSpectrum(x);
    const k8k = Math.ceil((8000 * size) / a.wav.sampleRate);
    let total = 0;
    let high = 0;
    mags.forEach((m, k) => {
      total += m * m;
      if (k >= k8k) high += m * m;
    });
    expect(10 * Math.log10(high / total)).toBeLessThan(-60);
  });

  it('plays every pulse at the same level (Table 3: ≤ 10 dB apart)', () => {
    const levels = analysis(kind).pulses.map((p) => toDb(p.peak));
    expect(Math.max(...levels) - Math.min(...levels)).toBeLessThan(0.5);
  });

  it('has a 150–1000 Hz fundamental and ≥ 4 harmonics in 300–4000 Hz within ±15 dB', () => {
    const { spectra } = analysis(kind);
    for (const [i, s] of spectra.entries()) {
      const f0 = s.fundamental;
      expectWithin(f0.hz, FUNDAMENTAL_HZ, `pulse ${i + 1} fundamental (Hz)`);
      expect(Math.abs(f0.hz - pattern.fundamentalHz) / pattern.fundamentalHz).toBeLessThan(0.002);

      const inBand = s.harmonics.filter(
        (h) => h.hz >= HARMONIC_BAND_HZ[0] && h.hz <= HARMONIC_BAND_HZ[1] && Math.abs(h.db - f0.db) <= HARMONIC_SPREAD_DB,
      );
      expect(inBand.length, `pulse ${i + 1}: harmonics within ±15 dB in 300–4000 Hz`).toBeGreaterThanOrEqual(4);

      // Every partial the spectrum shows (within 40 dB of the strongest) is a
      // harmonic of f0, and every one in the band is within ±15 dB of f0.
      for (const p of s.peaks) {
        const n = Math.round(p.hz / f0.hz);
        expect(Math.abs(p.hz - n * f0.hz), `inharmonic peak at ${p.hz.toFixed(1)} Hz`).toBeLessThan(0.005 * p.hz);
        if (p.hz >= HARMONIC_BAND_HZ[0] && p.hz <= HARMONIC_BAND_HZ[1]) {
          expect(Math.abs(p.db - f0.db), `partial at ${p.hz.toFixed(0)} Hz`).toBeLessThanOrEqual(HARMONIC_SPREAD_DB);
        }
      }

      // The levels are the ones the script's table asks for (±1 dB).
      for (const { n, levelDb } of pattern.harmonics) {
        if (n === 1) continue;
        const h = s.harmonics.find((m) => m.n === n);
        expect(h, `harmonic ${n}`).toBeDefined();
        expect(Math.abs((h?.db ?? -Infinity) - f0.db - levelDb), `harmonic ${n} level`).toBeLessThan(1);
      }
    }
  });

  describe('sox cross-check', () => {
    const sox = (...args: string[]): string => {
      const r = spawnSync('sox', args, { encoding: 'utf8' });
      if (r.error) throw new Error(`sox is required for this test (apt-get install sox): ${r.error.message}`);
      if (r.status !== 0) throw new Error(`sox ${args.join(' ')} failed: ${r.stderr}`);
      // `--i` reports on stdout, the `stat`/`stats` effects on stderr.
      return r.stdout + r.stderr;
    };
    const field = (out: string, label: string): string => {
      const line = out.split('\n').find((l) => l.startsWith(label));
      if (!line) throw new Error(`sox output lacks "${label}":\n${out}`);
      return line
        .slice(label.length)
        .replace(/^[\s:]+/, '')
        .trim();
    };
    const file = (): string => join(SOUNDS_DIR, pattern.file);

    it('agrees with our header parsing (sox --i)', () => {
      const { wav } = analysis(kind);
      const out = sox('--i', file());
      expect(Number(field(out, 'Channels'))).toBe(wav.channels);
      expect(Number(field(out, 'Sample Rate'))).toBe(wav.sampleRate);
      expect(field(out, 'Precision')).toBe('16-bit');
      expect(field(out, 'Sample Encoding')).toBe('16-bit Signed Integer PCM');
      expect(field(out, 'Duration')).toContain(`= ${wav.samples.length} samples`);
    });

    it('agrees on length and extreme amplitudes (sox stat)', () => {
      const { wav, x } = analysis(kind);
      const out = sox(file(), '-n', 'stat');
      expect(Number(field(out, 'Samples read'))).toBe(wav.samples.length);
      expect(Number(field(out, 'Length (seconds)'))).toBeCloseTo(wav.samples.length / wav.sampleRate, 5);
      let max = -Infinity;
      let min = Infinity;
      for (const v of x) {
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
      expect(Number(field(out, 'Maximum amplitude'))).toBeCloseTo(max, 5);
      expect(Number(field(out, 'Minimum amplitude'))).toBeCloseTo(min, 5);
    });

    it('reports the peak level below 0 dBFS (sox stats)', () => {
      const { x } = analysis(kind);
      const out = sox(file(), '-n', 'stats');
      const pk = Number(field(out, 'Pk lev dB'));
      let peak = 0;
      for (const v of x) peak = Math.max(peak, Math.abs(v));
      expect(pk).toBeLessThan(0);
      expect(pk).toBeCloseTo(toDb(peak), 1);
      expect(Math.abs(Number(field(out, 'DC offset')))).toBeLessThan(0.001);
    });
  });
});

describe('alarm-high.wav "3 + 2" grouping', () => {
  it('spaces pulses 3→4 and 8→9 by 2 t_s + t_d: clearly longer than t_s, shorter than the 5→6 pause', () => {
    const t = timing(analysis('alarm-high'));
    for (const [ts, td] of [
      [t.ts30, t.td30],
      [t.ts50, t.td50],
    ] as const) {
      const ordinary = ts.filter((_, i) => i !== HIGH_PAUSE_GAP && !HIGH_GROUP_GAPS.includes(i));
      const meanTs = ordinary.reduce((s, v) => s + v, 0) / ordinary.length;
      const meanTd = td.reduce((s, v) => s + v, 0) / td.length;
      for (const i of HIGH_GROUP_GAPS) {
        const gap = ts[i] ?? NaN;
        expect(gap).toBeGreaterThanOrEqual(2 * Math.max(...ordinary));
        expect(gap).toBeLessThan(HIGH_PAUSE_MS[0]);
        expect(Math.abs(gap - (2 * meanTs + meanTd))).toBeLessThan(1);
      }
    }
  });
});

describe('alarm-escalated.wav (issue #9)', () => {
  it('is the high-priority burst, sample for sample, 2 dB louder', () => {
    const high = analysis('alarm-high');
    const escalated = analysis('alarm-escalated');
    expect(escalated.x.length).toBe(high.x.length);
    expect(escalated.pulses.map((p) => [p.start, p.end])).toEqual(high.pulses.map((p) => [p.start, p.end]));
    const gain = 10 ** (2 / 20);
    let worst = 0;
    for (let i = 0; i < high.x.length; i++) worst = Math.max(worst, Math.abs((escalated.x[i] ?? 0) - (high.x[i] ?? 0) * gain));
    // Only quantisation differs: at most one 16-bit step (plus the rounding of the source).
    expect(worst).toBeLessThan(2 / 32768);
  });
});

describe('the three alarms', () => {
  const DISTINCT = KINDS.filter((k) => k !== 'alarm-escalated');
  it('differ in pulse count and in fundamental (by more than a semitone)', () => {
    const counts = DISTINCT.map((k) => analysis(k).pulses.length);
    expect(new Set(counts).size).toBe(DISTINCT.length);
    const f0s = DISTINCT.map((k) => analysis(k).spectra[0]?.fundamental.hz ?? NaN);
    for (let i = 0; i < f0s.length; i++) {
      for (let j = i + 1; j < f0s.length; j++) {
        const ratio = Math.max(f0s[i] ?? NaN, f0s[j] ?? NaN) / Math.min(f0s[i] ?? NaN, f0s[j] ?? NaN);
        expect(ratio).toBeGreaterThan(2 ** (1 / 12));
      }
    }
  });

  describe('regenerated by the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plantao-alarm-sounds-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are byte-identical to the committed files', () => {
      generateAlarmSounds(dir);
      for (const kind of KINDS) {
        const fresh = readFileSync(join(dir, patterns[kind].file));
        const committed = readFileSync(join(SOUNDS_DIR, patterns[kind].file));
        expect(fresh.equals(committed), `${patterns[kind].file} differs: run npx tsx desktop/scripts/generate-alarm-sounds.ts`).toBe(true);
      }
    });
  });
});

// ALARM_SOUNDS_REPORT=1 prints the measured values (for the record, e.g. in a PR description).
afterAll(() => {
  if (!process.env.ALARM_SOUNDS_REPORT) return;
  for (const kind of KINDS) {
    const a = analysis(kind);
    const t = timing(a);
    const s = a.spectra[0];
    const f = (v: number[]): string => v.map((n) => n.toFixed(1)).join(', ');
    console.log(
      [
        `${kind}: ${a.bytes.length} bytes, ${a.pulses.length} pulses, f0 ${s?.fundamental.hz.toFixed(2)} Hz`,
        `  t_d −30 dB: ${f(t.td30)}`,
        `  t_d 50 %:   ${f(t.td50)}`,
        `  t_s −30 dB: ${f(t.ts30)}`,
        `  t_s 50 %:   ${f(t.ts50)}`,
        `  rise: ${f(t.rise)}  fall: ${f(t.fall)}`,
        `  harmonics (dB re f0): ${s?.harmonics
          .filter((h) => h.hz <= 4000)
          .map((h) => `${h.n}×=${(h.db - s.fundamental.db).toFixed(1)}`)
          .join(' ')}`,
      ].join('\n'),
    );
  }
});
