import { z } from 'zod';

/**
 * Zod compiles object parsers with `new Function` when it may. The page's CSP
 * has no 'unsafe-eval', so even zod's guarded probe for it is reported as a
 * `securitypolicyviolation`: tell zod up front not to try. Must run before
 * any schema is built, so both page entries (main.tsx, web-bridge/station-main.tsx)
 * import this file first.
 */
z.config({ jitless: true });
