import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * desktop/scripts/build-icons.mjs renders the SVG sources in
 * desktop/assets/icons/src into the tray PNGs, the app PNGs and the
 * electron-builder icons. It runs here into a temporary directory, and the
 * files are read back: sizes from the PNG and ICO headers, pixels decoded.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const desktop = path.join(repoRoot, 'desktop');
const script = path.join(desktop, 'scripts', 'build-icons.mjs');
const sourceDir = path.join(desktop, 'assets', 'icons', 'src');

const APP_SIZES = [16, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];
const TRAY_SCALES = { '': 16, '@1.5x': 24, '@2x': 32 } as const;

/** The kinds the tray asks for, read from the `TrayIconKind` union itself. */
const trayKinds = (): string[] => {
  const source = readFileSync(path.join(desktop, 'src', 'main', 'tray-appearance.ts'), 'utf8');
  const union = /export type TrayIconKind\s*=\s*([^;]+);/.exec(source)?.[1];
  expect(union, 'TrayIconKind union not found').toBeDefined();
  return [...union!.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
};

let out: string;
let iconsDir: string;
const run = (...args: string[]): string => execFileSync(process.execPath, [script, '--out', out, ...args], { encoding: 'utf8' });

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'plantao-icons-'));
  iconsDir = path.join(out, 'assets', 'icons');
  run('--force');
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

// --- PNG and ICO readers -----------------------------------------------------

interface Png {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel, row-major. */
  rgba: Buffer;
}

function readPng(file: string): Png {
  const data = readFileSync(file);
  expect(data.subarray(0, 8).toString('hex'), `${file}: PNG signature`).toBe('89504e470d0a1a0a');
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  const width = data.readUInt32BE(16);
  const height = data.readUInt32BE(20);
  const [bitDepth, colourType, , , interlace] = data.subarray(24, 29);
  expect({ bitDepth, colourType, interlace }, `${file}: 8-bit RGBA, not interlaced`).toEqual({ bitDepth: 8, colourType: 6, interlace: 0 });

  const idat: Buffer[] = [];
  for (let at = 8; at < data.length;) {
    const length = data.readUInt32BE(at);
    if (data.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(data.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const rgba = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    if (filter > 4) throw new Error(`${file}: unknown PNG filter type ${filter} on row ${y}`);
    const row = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? rgba[y * stride + x - 4]! : 0;
      const b = y > 0 ? rgba[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? rgba[(y - 1) * stride + x - 4]! : 0;
      const paeth = (): number => {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      };
      const predictor = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : paeth();
      rgba[y * stride + x] = (row[x]! + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** Which pixels are mostly opaque: the silhouette, whatever its colour. */
const mask = (png: Png): boolean[] => Array.from({ length: png.width * png.height }, (_, i) => png.rgba[i * 4 + 3]! >= 128);
const coverage = (png: Png): number => mask(png).filter(Boolean).length / (png.width * png.height);
const maskDifference = (a: Png, b: Png): number => {
  const [ma, mb] = [mask(a), mask(b)];
  return ma.filter((opaque, i) => opaque !== mb[i]).length / ma.length;
};

/** WCAG relative luminance and contrast ratio. */
const luminance = ([r, g, b]: readonly number[]): number => {
  const lin = (v: number): number => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
};
const contrast = (x: readonly number[], y: readonly number[]): number => {
  const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p);
  return (l1! + 0.05) / (l2! + 0.05);
};
/** The most frequent fully opaque colour: the body of the mark. */
function dominantColour(png: Png): [number, number, number] {
  const counts = new Map<number, number>();
  for (let i = 0; i < png.width * png.height; i++) {
    if (png.rgba[i * 4 + 3] !== 255) continue;
    const key = png.rgba.readUIntBE(i * 4, 3);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const [key] = [...counts].sort((p, q) => q[1] - p[1])[0] ?? [0];
  return [(key >> 16) & 0xff, (key >> 8) & 0xff, key & 0xff];
}

interface IcoEntry {
  size: number;
  bytes: number;
  offset: number;
}
function readIco(file: string): IcoEntry[] {
  const data = readFileSync(file);
  expect(data.readUInt16LE(0), 'ICONDIR reserved').toBe(0);
  expect(data.readUInt16LE(2), 'ICONDIR type (1 = icon)').toBe(1);
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const [width, height] = [data[at] || 256, data[at + 1] || 256];
    expect(height, `ICO entry ${i} is square`).toBe(width);
    const entry = { size: width, bytes: data.readUInt32LE(at + 8), offset: data.readUInt32LE(at + 12) };
    expect(entry.offset + entry.bytes, `ICO entry ${i} lies inside the file`).toBeLessThanOrEqual(data.length);
    // The image itself (BMP here) must agree with its directory entry.
    const image = data.subarray(entry.offset);
    const isPng = image.subarray(0, 4).toString('latin1') === '\x89PNG';
    expect(isPng ? image.readUInt32BE(16) : image.readInt32LE(4), `ICO entry ${i} image width`).toBe(width);
    return entry;
  });
}

// --- tests ---------------------------------------------------------------------

describe('icon sources', () => {
  it('has one tray SVG per TrayIconKind, no more, no less, plus the app icon and favicon', () => {
    const kinds = trayKinds();
    expect(kinds.length).toBeGreaterThanOrEqual(3);
    const sources = readdirSync(sourceDir).filter((name) => name.endsWith('.svg'));
    expect(sources.filter((name) => name.startsWith('tray-')).sort()).toEqual(kinds.map((kind) => `tray-${kind}.svg`).sort());
    expect(sources).toEqual(expect.arrayContaining(['app.svg', 'favicon.svg']));
  });

  it('contains no text (it would depend on installed fonts) and no external references', () => {
    for (const name of readdirSync(sourceDir)) {
      const svg = readFileSync(path.join(sourceDir, name), 'utf8');
      expect(svg, name).not.toMatch(/<text\b/);
      expect(svg, name).not.toMatch(/(?:href|src)\s*=\s*["'](?!#)/);
    }
  });
});

describe('build-icons.mjs output', () => {
  it('writes the tray icons at 16, 24 (@1.5x) and 32 (@2x) px for every kind', () => {
    for (const kind of trayKinds()) {
      for (const [suffix, size] of Object.entries(TRAY_SCALES)) {
        const png = readPng(path.join(iconsDir, `tray-${kind}${suffix}.png`));
        expect([png.width, png.height], `tray-${kind}${suffix}.png`).toEqual([size, size]);
      }
    }
  });

  it('writes the app icon at every size, and build/icon.png at 512 px', () => {
    for (const size of APP_SIZES) {
      const png = readPng(path.join(iconsDir, `app-${size}.png`));
      expect([png.width, png.height], `app-${size}.png`).toEqual([size, size]);
      // A filled tile with rounded corners: mostly opaque, corners see-through.
      expect(coverage(png), `app-${size}.png coverage`).toBeGreaterThan(0.8);
      expect(png.rgba[3], `app-${size}.png top-left corner alpha`).toBeLessThan(128);
    }
    const icon = readPng(path.join(out, 'build', 'icon.png'));
    expect([icon.width, icon.height]).toEqual([512, 512]);
    expect(readFileSync(path.join(out, 'build', 'icon.png'))).toEqual(readFileSync(path.join(iconsDir, 'app-512.png')));
  });

  it('writes build/icon.ico with every size from 16 to 256 px', () => {
    const entries = readIco(path.join(out, 'build', 'icon.ico'));
    expect(entries.map((entry) => entry.size)).toEqual(ICO_SIZES);
  });

  it('copies the favicon for the browser station', () => {
    expect(readFileSync(path.join(iconsDir, 'favicon.svg'), 'utf8')).toBe(readFileSync(path.join(sourceDir, 'favicon.svg'), 'utf8'));
  });

  it('draws tray icons that are neither blank nor a filled square', () => {
    for (const kind of trayKinds()) {
      for (const suffix of ['', '@2x']) {
        const share = coverage(readPng(path.join(iconsDir, `tray-${kind}${suffix}.png`)));
        expect(share, `tray-${kind}${suffix}.png coverage`).toBeGreaterThan(0.25);
        expect(share, `tray-${kind}${suffix}.png coverage`).toBeLessThan(0.85);
      }
    }
  });

  it('tells the states apart by shape, not only by colour (alpha masks differ)', () => {
    for (const suffix of ['', '@2x']) {
      const [connected, disconnected, critical] = (['connected', 'disconnected', 'critical'] as const).map((kind) =>
        readPng(path.join(iconsDir, `tray-${kind}${suffix}.png`)),
      );
      expect(maskDifference(connected!, critical!), `critical vs connected ${suffix}`).toBeGreaterThan(0.08);
      expect(maskDifference(connected!, disconnected!), `disconnected vs connected ${suffix}`).toBeGreaterThan(0.08);
      expect(maskDifference(disconnected!, critical!), `critical vs disconnected ${suffix}`).toBeGreaterThan(0.08);
    }
  });

  it('keeps the tray marks readable on light and dark taskbars (contrast >= 3:1 on both)', () => {
    const taskbars = { light: [0xf3, 0xf3, 0xf3], white: [0xff, 0xff, 0xff], dark: [0x1c, 0x1c, 0x1c], black: [0, 0, 0] };
    for (const kind of trayKinds()) {
      const colour = dominantColour(readPng(path.join(iconsDir, `tray-${kind}@2x.png`)));
      for (const [name, background] of Object.entries(taskbars)) {
        expect(contrast(colour, background), `tray-${kind} (rgb ${colour.join(',')}) on ${name}`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('skips the work when the outputs are newer than the sources, and redoes it when one is stale', () => {
    const probe = path.join(iconsDir, 'tray-critical.png');
    const before = statSync(probe).mtimeMs;
    expect(run()).toMatch(/up to date/);
    expect(statSync(probe).mtimeMs).toBe(before);

    utimesSync(probe, new Date(0), new Date(0));
    expect(run()).not.toMatch(/up to date/);
    expect(statSync(probe).mtimeMs).toBeGreaterThan(0);

    rmSync(path.join(out, 'build', 'icon.ico'));
    expect(run()).not.toMatch(/up to date/);
    expect(readIco(path.join(out, 'build', 'icon.ico'))).toHaveLength(ICO_SIZES.length);
  });
});

describe('wiring', () => {
  it('runs first in the root build script', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.build).toMatch(/^node desktop\/scripts\/build-icons\.mjs && /);
  });

  it('points electron-builder at the generated icons and packages assets/icons without the sources', () => {
    const requireFromBuilder = createRequire(createRequire(__filename).resolve('app-builder-lib/package.json'));
    const yaml = requireFromBuilder('js-yaml') as { load(source: string): unknown };
    const config = yaml.load(readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8')) as {
      directories: { buildResources: string };
      files: string[];
      [platform: string]: unknown;
    };
    // Resolved against buildResources (desktop/build), where the script writes.
    expect(config.directories.buildResources).toBe('desktop/build');
    expect(config.win).toMatchObject({ icon: 'icon.ico' });
    expect(config.mac).toMatchObject({ icon: 'icon.png' });
    expect(config.linux).toMatchObject({ icon: 'icon.png' });
    expect(config.files).toContain('assets/**/*');
    expect(config.files).toContain('!assets/icons/src/**');
    expect(config.files.filter((pattern) => pattern.startsWith('!assets/icons') && pattern !== '!assets/icons/src/**')).toEqual([]);
  });

  it('keeps generated files out of git and the sources in', () => {
    const generated = [
      'desktop/assets/icons/tray-critical.png',
      'desktop/assets/icons/tray-critical@2x.png',
      'desktop/assets/icons/app-512.png',
      'desktop/assets/icons/favicon.svg',
      'desktop/build/icon.png',
      'desktop/build/icon.ico',
    ];
    const ignored = (file: string): boolean => {
      try {
        execFileSync('git', ['check-ignore', '--quiet', '--no-index', file], { cwd: repoRoot });
        return true;
      } catch {
        return false;
      }
    };
    for (const file of generated) expect(ignored(file), file).toBe(true);
    for (const file of ['desktop/assets/icons/src/app.svg', 'desktop/assets/icons/src/favicon.svg', 'desktop/build/installer.nsh']) {
      expect(ignored(file), file).toBe(false);
    }
  });
});
