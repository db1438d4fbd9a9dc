import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The station screen (React). Built into desktop/dist/renderer, which the
 * main process serves at app://plantao/ (see src/main/renderer-protocol.ts).
 * `base: './'` keeps asset URLs relative to index.html. No inline scripts or
 * styles are emitted: the CSP is `script-src 'self'`. The alarm sounds and
 * icons (desktop/assets) are copied as they are.
 */
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./src/renderer'),
  base: './',
  publicDir: here('./assets'),
  plugins: [react()],
  resolve: { alias: { '@plantao/shared': here('../shared/src/index.ts') } },
  build: {
    outDir: here('./dist/renderer'),
    emptyOutDir: true,
    // Electron's own Chromium: no transforms for older browsers.
    target: 'chrome130',
    // No data: URLs, whatever the CSP of the host serving the build.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
