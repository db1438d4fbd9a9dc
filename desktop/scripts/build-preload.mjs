// Bundles the preload into ONE CommonJS file: a sandboxed preload can
// `require` only `electron` (and a few Node built-ins), not our modules.
// Usage: node desktop/scripts/build-preload.mjs [--watch]
import { fileURLToPath } from 'node:url';
import { build, context } from 'esbuild';

const desktop = fileURLToPath(new URL('..', import.meta.url));
const sharedSrc = fileURLToPath(new URL('../../shared/src/', import.meta.url));

/**
 * Resolve `@plantao/shared` to its TypeScript sources and mark them free of
 * side effects, so only what the preload uses (channel names) is bundled,
 * not zod and every schema.
 */
const sharedSources = {
  name: 'shared-sources',
  setup(b) {
    b.onResolve({ filter: /^@plantao\/shared$/ }, () => ({ path: `${sharedSrc}index.ts`, sideEffects: false }));
    b.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.inner || !args.importer.startsWith(sharedSrc)) return undefined;
      const resolved = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { inner: true } });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: false };
    });
  },
};

const options = {
  entryPoints: [`${desktop}src/preload/index.ts`],
  outfile: `${desktop}dist/preload/bundle.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome140',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'info',
  plugins: [sharedSources],
};

if (process.argv.includes('--watch')) await (await context(options)).watch();
else await build(options);
