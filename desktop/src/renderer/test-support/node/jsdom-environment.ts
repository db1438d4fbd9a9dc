// First: Node 20 stand-ins for what jsdom 31 needs as it loads (see the file).
import './node20-compat';
import { builtinEnvironments, type Environment } from 'vitest/runtime';

/** vitest's own jsdom environment, loadable on the Node 20 this repository supports. */
export default {
  ...builtinEnvironments.jsdom,
  name: 'plantao-jsdom',
  viteEnvironment: 'client',
} satisfies Environment;
