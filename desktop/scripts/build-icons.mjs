// Renders the drawn icons (desktop/assets/icons/src/*.svg) into the files the
// app and electron-builder load. Everything written here is GENERATED and
// gitignored: edit the SVG sources instead.
//
//   assets/icons/tray-<kind>.png        16 px  (tray; one per tray-<kind>.svg)
//   assets/icons/tray-<kind>@1.5x.png   24 px  (Windows at 150 %)  } picked by
//   assets/icons/tray-<kind>@2x.png     32 px  (HiDPI)             } nativeImage
//   assets/icons/app-<size>.png         16 … 512 px (window icon)
//   assets/icons/favicon.svg            copy of src/favicon.svg (browser station)
//   build/icon.png                      512 px        electron-builder: macOS, Linux
//   build/icon.ico                      16 … 256 px   electron-builder: Windows, NSIS, MSI
//
// App sizes up to SMALL_MAX come from src/favicon.svg (drawn on a 16 px grid),
// larger ones from src/app.svg. Every size is rendered from the vector source,
// never downscaled from a large bitmap, so small sizes stay crisp.
//
// Usage: node desktop/scripts/build-icons.mjs [--out <dir>] [--force]
//   --out <dir>  write under <dir> (same layout as desktop/) instead of desktop/
//   --force      render even if every output is newer than the sources
// Does nothing when the outputs are up to date, so `npm run build` stays fast.
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Resvg } from '@resvg/resvg-js';
import pngToIco from 'png-to-ico';

const APP_SIZES = [16, 32, 48, 64, 128, 256, 512];
/** What the Windows shell picks from: 16/32/48/256 plus the 125 % and 150 % steps. */
const ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256];
const SMALL_MAX = 24;
/** Tray file suffix → pixel size (Electron's nativeImage loads the @<scale>x siblings itself). */
const TRAY_SCALES = { '': 16, '@1.5x': 24, '@2x': 32 };

const desktop = fileURLToPath(new URL('..', import.meta.url));
const sourceDir = join(desktop, 'assets', 'icons', 'src');
const script = fileURLToPath(import.meta.url);

const { values } = parseArgs({ options: { out: { type: 'string' }, force: { type: 'boolean', default: false } } });
const outRoot = resolve(values.out ?? desktop);
const iconsDir = join(outRoot, 'assets', 'icons');
const buildDir = join(outRoot, 'build');

const started = performance.now();
const names = (await readdir(sourceDir)).filter((name) => name.endsWith('.svg'));
const trayKinds = names.filter((name) => name.startsWith('tray-')).map((name) => name.slice('tray-'.length, -'.svg'.length));
for (const required of ['app.svg', 'favicon.svg']) {
  if (!names.includes(required)) throw new Error(`build-icons: ${join(sourceDir, required)} is missing`);
}
if (trayKinds.length === 0) throw new Error(`build-icons: no tray-<kind>.svg in ${sourceDir}`);

const outputs = [
  ...trayKinds.flatMap((kind) => Object.keys(TRAY_SCALES).map((suffix) => join(iconsDir, `tray-${kind}${suffix}.png`))),
  ...APP_SIZES.map((size) => join(iconsDir, `app-${size}.png`)),
  join(iconsDir, 'favicon.svg'),
  join(buildDir, 'icon.png'),
  join(buildDir, 'icon.ico'),
];

const mtime = async (file) => (await stat(file).catch(() => undefined))?.mtimeMs;
const newestSource = Math.max(...(await Promise.all([script, ...names.map((name) => join(sourceDir, name))].map(mtime))));
const outputTimes = await Promise.all(outputs.map(mtime));
if (!values.force && outputTimes.every((time) => time !== undefined && time >= newestSource)) {
  console.log(`build-icons: up to date (${outRoot})`);
  process.exit(0);
}

const svgs = new Map(await Promise.all(names.map(async (name) => [name, await readFile(join(sourceDir, name), 'utf8')])));
const render = (name, size) =>
  new Resvg(svgs.get(name), { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();

await mkdir(iconsDir, { recursive: true });
await mkdir(buildDir, { recursive: true });
const writes = [];
for (const kind of trayKinds) {
  for (const [suffix, size] of Object.entries(TRAY_SCALES)) {
    writes.push(writeFile(join(iconsDir, `tray-${kind}${suffix}.png`), render(`tray-${kind}.svg`, size)));
  }
}
const app = new Map(
  [...new Set([...APP_SIZES, ...ICO_SIZES])].map((size) => [size, render(size <= SMALL_MAX ? 'favicon.svg' : 'app.svg', size)]),
);
for (const size of APP_SIZES) writes.push(writeFile(join(iconsDir, `app-${size}.png`), app.get(size)));
writes.push(writeFile(join(buildDir, 'icon.png'), app.get(512)));
writes.push(writeFile(join(buildDir, 'icon.ico'), await pngToIco(ICO_SIZES.map((size) => app.get(size)))));
writes.push(copyFile(join(sourceDir, 'favicon.svg'), join(iconsDir, 'favicon.svg')));
await Promise.all(writes);

console.log(`build-icons: ${outputs.length} files in ${outRoot} (${Math.round(performance.now() - started)} ms)`);
