/**
 * Synthesises Plantão's alarm sounds as mono 16-bit PCM WAV files,
 * following IEC 60601-1-8 clause 6.3.3.1: Table 3 (characteristics of the
 * BURST: pulse count, pulse spacing t_s, the 5th–6th pulse spacing, equal
 * pulse amplitudes) and Table 4 (characteristics of the PULSE: fundamental,
 * harmonic components, pulse duration t_d, rise time t_r, fall time t_f).
 *
 *   npx tsx desktop/scripts/generate-alarm-sounds.ts [outDir]
 *
 * Without `outDir` the files go to `desktop/assets/sounds/`, where they are
 * committed. The output is fully deterministic (no randomness, no timestamps),
 * so `desktop/test/alarm-sounds.test.ts` can regenerate the files and check
 * that they are byte-identical to the committed ones.
 *
 * Each file holds ONE burst. Repeating it (the interburst interval t_b of
 * Table 3: high 2.5–15 s, medium 2.5–30 s, low > 15 s or not repeated) is the
 * player's job, not the file's.
 *
 * Timbre: bedside monitors mostly beep with a near-pure tone around
 * 440–1000 Hz. Ours are musical-note fundamentals (C5, G4, D4) carrying a
 * dense, deliberately uneven set of harmonics, so a nurse can tell a Plantão
 * alarm from a monitor's at once, and the three Plantão alarms from each other
 * by both rhythm and pitch. The fourth, `alarm-escalated`, is the high alarm
 * itself, louder (issue #9).
 *
 * Only Node built-ins are used.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { SoundKind } from '../src/core/ports';

/** 44.1 kHz: every platform's audio stack plays it without resampling surprises. */
export const SAMPLE_RATE = 44_100;
/** 16-bit signed little-endian PCM, mono. */
export const BITS_PER_SAMPLE = 16;
export const CHANNELS = 1;

/** One partial of the tone: the n-th harmonic at a level relative to the fundamental. */
export interface Harmonic {
  /** Multiple of the fundamental (1 = the fundamental itself). */
  readonly n: number;
  /** Level relative to the fundamental, in dB. IEC 60601-1-8: within ±15 dB. */
  readonly levelDb: number;
}

/** Everything needed to synthesise one alarm burst. All times in milliseconds. */
export interface AlarmPattern {
  /** Output file name inside the sounds directory. */
  readonly file: `${SoundKind}.wav`;
  /** IEC 60601-1-8 priority whose burst rules the pattern follows. */
  readonly iecPriority: 'high' | 'medium' | 'low';
  readonly fundamentalHz: number;
  readonly harmonics: readonly Harmonic[];
  /**
   * Length of each pulse's envelope, from its first to its last non-zero
   * sample. The measured pulse duration t_d is a little shorter, because the
   * ramps are counted only from where they become audible (see `rampMs`).
   */
  readonly pulseMs: number;
  /**
   * Length of the raised-cosine onset (and the mirrored offset) of every
   * pulse. The 10 %→90 % rise time of a raised cosine is 0.590 × rampMs;
   * with rampMs = 0.22 × pulseMs that is 13–17 % of t_d whether t_d is
   * measured at −30 dB (≈ pulseMs − 0.23 × rampMs) or at the 50 % points
   * (= pulseMs − rampMs). The raised cosine starts and ends with zero slope,
   * so pulses never click.
   */
  readonly rampMs: number;
  /**
   * Silence between consecutive pulse envelopes (length = pulses − 1).
   * Measured spacings t_s are slightly longer: +0.23 × rampMs at −30 dB,
   * +rampMs at the 50 % points. Both are kept inside the IEC range.
   */
  readonly gapsMs: readonly number[];
  /** Silence before the first pulse, so players that ramp up their output don't eat the onset. */
  readonly leadMs: number;
  /** Short trailing silence after the last pulse. */
  readonly trailMs: number;
  /** Peak sample level. IEC needs no particular level; below 0 dBFS leaves headroom for DAC/resampler overshoot. */
  readonly peakDbfs: number;
}

// High priority timing: pulse envelope, ordinary gap, and the "3 + 2" group gap.
const HIGH_PULSE_MS = 150;
const HIGH_GAP_MS = 65;

/** The high-priority (critical) burst; its values cite IEC 60601-1-8 like the table below. */
const ALARM_HIGH = {
  file: 'alarm-high.wav',
  iecPriority: 'high',
  // C5. Fundamental 150–1000 Hz (Table 4).
  fundamentalHz: 523.25,
  // Reedy, odd-leaning mix: the 3rd and 5th stand out. Harmonics 2–7 lie at
  // 1047–3663 Hz: six components in 300–4000 Hz (≥ 4 needed, Table 4),
  // all within ±15 dB of the fundamental (Table 4).
  harmonics: [
    { n: 1, levelDb: 0 },
    { n: 2, levelDb: -5 },
    { n: 3, levelDb: -2 },
    { n: 4, levelDb: -8 },
    { n: 5, levelDb: -4 },
    { n: 6, levelDb: -11 },
    { n: 7, levelDb: -9 },
  ],
  // t_d high priority 75–200 ms (Table 4). Measured ≈ 142.5 ms (−30 dB) / 117 ms (50 %).
  pulseMs: HIGH_PULSE_MS,
  // t_r 10–20 % of t_d (Table 4): 0.590 × 33 = 19.5 ms ≈ 13.7 % / 16.6 % of t_d.
  rampMs: 33,
  // 10 pulses (Table 3), in the classic "3 + 2, pause, 3 + 2" rhythm.
  gapsMs: [
    // t_s high priority 50–125 ms (Table 3). Measured ≈ 72.5 ms / 98 ms.
    HIGH_GAP_MS,
    HIGH_GAP_MS,
    // Pulse 3 → 4: 2 t_s + t_d, i.e. one pulse slot left silent, which is
    // what makes the "3 + 2" grouping audible. Measured ≈ 287.5 ms /
    // 313 ms: clearly longer than t_s, clearly shorter than the 5 → 6 pause.
    2 * HIGH_GAP_MS + HIGH_PULSE_MS,
    HIGH_GAP_MS,
    // Pulse 5 → 6: 350–1300 ms (Table 3). Measured ≈ 607.5 ms / 633 ms.
    600,
    HIGH_GAP_MS,
    HIGH_GAP_MS,
    // Pulse 8 → 9: 2 t_s + t_d, as 3 → 4.
    2 * HIGH_GAP_MS + HIGH_PULSE_MS,
    HIGH_GAP_MS,
  ],
  leadMs: 10,
  trailMs: 200,
  peakDbfs: -3,
} as const satisfies AlarmPattern;

/**
 * The parameter table. Every value cites the IEC 60601-1-8 constraint it
 * satisfies; "measured" values are what the test's envelope analysis finds
 * (−30 dB / 50 % edge conventions).
 */
export const patterns = {
  'alarm-high': ALARM_HIGH,
  /**
   * A critical alert nobody acknowledged in time (issue #9): the SAME
   * high-priority burst (pulses, rhythm, timbre: nurses already know it as
   * "critical"), 2 dB louder. −1 dBFS is as loud as a file gets while keeping
   * headroom for resampler overshoot; the station also repeats it more often.
   */
  'alarm-escalated': { ...ALARM_HIGH, file: 'alarm-escalated.wav', peakDbfs: -1 },
  'alarm-medium': {
    file: 'alarm-medium.wav',
    iecPriority: 'medium',
    // G4. Fundamental 150–1000 Hz (Table 4); a fifth below the high alarm.
    fundamentalHz: 392,
    // Brighter, even-leaning mix with a strong 2nd and 4th. Harmonics 2–8 lie
    // at 784–3136 Hz: seven components in 300–4000 Hz (≥ 4), all within ±15 dB.
    harmonics: [
      { n: 1, levelDb: 0 },
      { n: 2, levelDb: -1 },
      { n: 3, levelDb: -7 },
      { n: 4, levelDb: -4 },
      { n: 5, levelDb: -10 },
      { n: 6, levelDb: -8 },
      { n: 7, levelDb: -12 },
      { n: 8, levelDb: -11 },
    ],
    // t_d medium priority 125–250 ms (Table 4). Measured ≈ 190 ms / 156 ms.
    pulseMs: 200,
    // t_r 10–20 % of t_d: 0.590 × 44 = 26 ms ≈ 13.7 % / 16.6 % of t_d.
    rampMs: 44,
    // 3 pulses (Table 3). t_s medium priority 125–250 ms (Table 3). Measured ≈ 170 ms / 204 ms.
    gapsMs: [160, 160],
    leadMs: 10,
    trailMs: 200,
    peakDbfs: -3,
  },
  'alarm-technical': {
    file: 'alarm-technical.wav',
    // Connection lost: a technical condition, sounded as the low-priority
    // pattern so it never masks or mimics a patient alarm.
    iecPriority: 'low',
    // D4. Fundamental 150–1000 Hz (Table 4); a fourth below the medium alarm.
    // The fundamental itself is below 300 Hz, so every counted component is an overtone.
    fundamentalHz: 293.66,
    // Hollow mix: weak 3rd, strong 2nd and 5th. Harmonics 2–9 lie at 587–2643 Hz:
    // eight components in 300–4000 Hz (≥ 4), all within ±15 dB.
    harmonics: [
      { n: 1, levelDb: 0 },
      { n: 2, levelDb: -2 },
      { n: 3, levelDb: -11 },
      { n: 4, levelDb: -6 },
      { n: 5, levelDb: -3 },
      { n: 6, levelDb: -12 },
      { n: 7, levelDb: -9 },
      { n: 8, levelDb: -13 },
      { n: 9, levelDb: -12 },
    ],
    // t_d low priority 125–250 ms (Table 4). Measured ≈ 209 ms / 172 ms.
    pulseMs: 220,
    // t_r 10–20 % of t_d: 0.590 × 48 = 28 ms ≈ 13.6 % / 16.5 % of t_d.
    rampMs: 48,
    // 2 pulses (Table 3, low priority: 1 or 2). t_s 125–250 ms (Table 3). Measured ≈ 191 ms / 228 ms.
    gapsMs: [180],
    leadMs: 10,
    trailMs: 200,
    peakDbfs: -3,
  },
} as const satisfies Record<SoundKind, AlarmPattern>;

/** Milliseconds → whole samples. */
const samplesOf = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);

/**
 * Raised-cosine envelope of a pulse `length` samples long with `ramp`-sample
 * edges: exactly 0 at the first and last sample, 1 on the plateau, and
 * continuous in value and slope everywhere (no click).
 */
function envelopeAt(i: number, length: number, ramp: number): number {
  const fromEdge = Math.min(i, length - 1 - i);
  if (fromEdge >= ramp) return 1;
  return 0.5 * (1 - Math.cos((Math.PI * fromEdge) / ramp));
}

/**
 * One period-continuous tone sample at time `t` seconds. Harmonic phases
 * follow Schroeder's formula φ_k = π k (k − 1) / K, which spreads the
 * partials' peaks apart: a lower crest factor means more loudness for the
 * same peak level.
 */
function toneAt(t: number, pattern: AlarmPattern): number {
  const count = pattern.harmonics.length;
  let value = 0;
  pattern.harmonics.forEach((h, k) => {
    const amplitude = 10 ** (h.levelDb / 20);
    const phase = (Math.PI * k * (k - 1)) / count;
    value += amplitude * Math.sin(2 * Math.PI * h.n * pattern.fundamentalHz * t + phase);
  });
  return value;
}

/** Synthesises one burst as 16-bit samples, its peak normalised to `peakDbfs`. */
export function synthesize(pattern: AlarmPattern): Int16Array {
  const pulseLength = samplesOf(pattern.pulseMs);
  const ramp = samplesOf(pattern.rampMs);
  const pulseCount = pattern.gapsMs.length + 1;
  const total =
    samplesOf(pattern.leadMs) +
    pulseCount * pulseLength +
    pattern.gapsMs.reduce((sum, gap) => sum + samplesOf(gap), 0) +
    samplesOf(pattern.trailMs);

  // Render in floating point first; silence stays exactly 0.
  const signal = new Float64Array(total);
  let start = samplesOf(pattern.leadMs);
  for (let p = 0; p < pulseCount; p++) {
    // Each pulse restarts the oscillator at its own t = 0, so all pulses are
    // identical (Table 3: ≤ 10 dB amplitude difference between pulses; here 0 dB).
    for (let i = 0; i < pulseLength; i++) {
      signal[start + i] = envelopeAt(i, pulseLength, ramp) * toneAt(i / SAMPLE_RATE, pattern);
    }
    start += pulseLength + samplesOf(pattern.gapsMs[p] ?? 0);
  }

  // Normalise the actual sample peak to the target level, then quantise.
  let peak = 0;
  for (const v of signal) peak = Math.max(peak, Math.abs(v));
  const gain = (10 ** (pattern.peakDbfs / 20) * 32767) / peak;
  const samples = new Int16Array(total);
  for (let i = 0; i < total; i++) samples[i] = Math.round((signal[i] ?? 0) * gain);
  return samples;
}

/**
 * Encodes mono 16-bit PCM as a canonical 44-byte-header WAV file.
 * All multi-byte fields are little-endian, as RIFF requires.
 */
export function encodeWav(samples: Int16Array, sampleRate: number = SAMPLE_RATE): Buffer {
  const blockAlign = CHANNELS * (BITS_PER_SAMPLE / 8); // bytes per sample frame
  const dataBytes = samples.length * blockAlign;
  const header = Buffer.alloc(44);
  let o = 0;
  const ascii = (s: string): void => {
    header.write(s, o, 'ascii');
    o += s.length;
  };
  const u32 = (v: number): void => {
    o = header.writeUInt32LE(v, o);
  };
  const u16 = (v: number): void => {
    o = header.writeUInt16LE(v, o);
  };

  // RIFF chunk descriptor: the size counts everything after this field.
  ascii('RIFF');
  u32(36 + dataBytes);
  ascii('WAVE');
  // "fmt " sub-chunk: 16 bytes for plain PCM.
  ascii('fmt ');
  u32(16);
  u16(1); // audio format 1 = linear PCM (no compression)
  u16(CHANNELS);
  u32(sampleRate);
  u32(sampleRate * blockAlign); // byte rate
  u16(blockAlign);
  u16(BITS_PER_SAMPLE);
  // "data" sub-chunk: the samples themselves.
  ascii('data');
  u32(dataBytes);

  const data = Buffer.alloc(dataBytes);
  samples.forEach((s, i) => data.writeInt16LE(s, i * blockAlign));
  return Buffer.concat([header, data]);
}

/** Writes the alarm files into `outDir`; returns their paths. */
export function generateAlarmSounds(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.values(patterns).map((pattern) => {
    const path = join(outDir, pattern.file);
    writeFileSync(path, encodeWav(synthesize(pattern)));
    return path;
  });
}

// Run when invoked as a script (works whether tsx loads this file as CommonJS
// or ESM); stays inert when imported by the test.
const entry = process.argv[1] ?? '';
if (/^generate-alarm-sounds\.[cm]?[jt]s$/.test(basename(entry))) {
  const outDir = resolve(process.argv[2] ?? join(dirname(entry), '..', 'assets', 'sounds'));
  for (const path of generateAlarmSounds(outDir)) console.log(`wrote ${path}`);
}
