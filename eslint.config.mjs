// `npm run lint`: typescript-eslint's recommended rules everywhere, plus the
// house rules from docs/architecture.md (no console in product code, no
// silent catch, no electron in the station core).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'release/**', 'desktop/assets/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'desktop/src/**/*.ts', 'shared/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['desktop/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'The station core runs in plain Node: no electron here.' }] },
      ],
    },
  },
  {
    // The renderer is a view over the station core through DesktopApi only:
    // Electron, the core and the main process stay out of it (a renderer that
    // imports them breaks the sandbox, or runs a second store of record).
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer is sandboxed: reach the main process through DesktopApi (desktop-api.ts).' }],
          patterns: [
            { group: ['electron/*'], message: 'The renderer is sandboxed: reach the main process through DesktopApi (desktop-api.ts).' },
            {
              group: ['**/core', '**/core/**', '../core*'],
              message: 'The station core runs in the main process; the renderer reads it through DesktopApi snapshots.',
            },
            { group: ['**/main', '**/main/**', '../main*'], message: 'Main-process code does not run in the renderer; use DesktopApi.' },
            {
              group: ['**/preload', '**/preload/**'],
              message: 'The preload is the other side of DesktopApi; import its types from @plantao/shared.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['desktop/src/renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.tsx', '**/test-support/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'bench/**'],
    languageOptions: {
      globals: {
        AbortSignal: 'readonly',
        process: 'readonly',
        console: 'readonly',
        fetch: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        __dirname: 'readonly',
        performance: 'readonly',
      },
    },
  },
  {
    // Preloaded with `node --require` into a server under test (bench/lib/fleet-mem-probe.cjs): CommonJS on purpose.
    files: ['bench/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', global: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
