import { join } from 'node:path';
import { nativeImage, type NativeImage } from 'electron';
import type { Logger } from './logger';
import type { TrayIconKind } from './tray-appearance';

/** Colour of the drawn fallback dot when an icon file is missing (BGRA). */
const FALLBACK_BGRA: Record<TrayIconKind, readonly [number, number, number]> = {
  connected: [0x3c, 0xa0, 0x2e],
  disconnected: [0x80, 0x80, 0x80],
  critical: [0x2b, 0x2b, 0xd9],
};
const SIZE = 16;

/** A filled circle, so the tray never goes blank if an asset is missing. */
function drawnDot(kind: TrayIconKind): NativeImage {
  const [b, g, r] = FALLBACK_BGRA[kind];
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  const c = (SIZE - 1) / 2;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const inside = (x - c) ** 2 + (y - c) ** 2 <= (SIZE / 2 - 1) ** 2;
      pixels.set(inside ? [b, g, r, 0xff] : [0, 0, 0, 0], (y * SIZE + x) * 4);
    }
  }
  return nativeImage.createFromBitmap(pixels, { width: SIZE, height: SIZE });
}

/**
 * Loads `assets/icons/tray-<kind>.png` once per kind (nativeImage also picks up
 * its `@1.5x` / `@2x` siblings for scaled displays). The files are rendered
 * from SVG by desktop/scripts/build-icons.mjs (`npm run build`); if one is
 * missing, a drawn dot stands in and `log` gets one warning per kind.
 */
export function createTrayIcons(assetsDir: string, log?: Logger): (kind: TrayIconKind) => NativeImage {
  const cache = new Map<TrayIconKind, NativeImage>();
  return (kind) => {
    let image = cache.get(kind);
    if (!image) {
      const file = join(assetsDir, 'icons', `tray-${kind}.png`);
      const fromFile = nativeImage.createFromPath(file);
      if (fromFile.isEmpty()) {
        log?.warn('tray icon missing; drawing a dot (run `npm run build`)', { file });
        image = drawnDot(kind);
      } else image = fromFile;
      cache.set(kind, image);
    }
    return image;
  };
}
