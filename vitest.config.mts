import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * One vitest run covers every workspace. Server end-to-end suites run twice,
 * once per database (embedded SQLite and the real PostgreSQL), as issue #2 asks.
 * Nest needs decorator metadata, which esbuild does not emit: SWC compiles server code.
 */
const shared = fileURLToPath(new URL('./shared/src/index.ts', import.meta.url));
/** The server's test support, as the desktop's suites import it (server/package.json `exports`). */
const serverTestSupport = fileURLToPath(new URL('./server/test/support/index.ts', import.meta.url));
const alias = { '@plantao/shared': shared, '@plantao/server/test-support': serverTestSupport };
const serverE2e = (db: 'sqlite' | 'postgres') => ({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    name: `server-e2e:${db}`,
    include: ['server/test/**/*.e2e.test.ts'],
    env: { TEST_DB: db },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      { resolve: { alias }, test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      {
        plugins: [swc.vite({ module: { type: 'es6' } })],
        resolve: { alias },
        test: { name: 'server', include: ['server/src/**/*.test.ts'], testTimeout: 60_000 },
      },
      serverE2e('sqlite'),
      serverE2e('postgres'),
      {
        resolve: { alias },
        test: {
          name: 'desktop',
          include: ['desktop/src/**/*.test.ts', 'desktop/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The station screen: React components against a fake DesktopApi, in jsdom.
        plugins: [react()],
        resolve: { alias },
        test: {
          name: 'renderer',
          // jsdom, loadable on Node 20 (see the file).
          environment: './desktop/src/renderer/test-support/node/jsdom-environment.ts',
          include: ['desktop/src/renderer/**/*.test.tsx', 'desktop/src/renderer/**/*.test.ts'],
          setupFiles: ['desktop/src/renderer/test-support/setup.ts'],
        },
      },
    ],
  },
});
