import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The browser station: the renderer and the station core in one page
 * (src/web-bridge), served by the server at `/station` from
 * desktop/dist/station (STATION_DIR). The alarm WAVs (and icons) come from
 * desktop/assets, the same files the desktop app plays. Everything is
 * bundled for the browser: the core's Node-only file storage is never
 * imported on this path. No inline scripts or styles: the server's CSP is
 * `script-src 'self'; style-src 'self'`.
 */
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const { version } = JSON.parse(readFileSync(here('./package.json'), 'utf8')) as { version: string };

export default defineConfig({
  root: here('./src/web-bridge'),
  base: '/station/',
  publicDir: here('./assets'),
  plugins: [react()],
  resolve: { alias: { '@plantao/shared': here('../shared/src/index.ts') } },
  define: { __PLANTAO_VERSION__: JSON.stringify(version) },
  build: {
    outDir: here('./dist/station'),
    emptyOutDir: true,
    // Browsers of hospital PCs: the last two years of Chromium, Edge, Firefox.
    target: 'es2022',
    // No data: URLs: the CSP allows them for images only (a font inlined as data: would be blocked).
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
