import { loadConfig } from './config/app-config';
import { EarlyListener } from './early-listener';

/**
 * The port first, the app second: the configuration and the listening socket
 * take a fraction of a second, loading the app's modules 1.5–3 s. Stations
 * reconnecting after a restart are held on the open port meanwhile instead of
 * refused (early-listener.ts); `server-start.ts` is loaded only after that.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const early = await EarlyListener.listen(config.port, config.host);
  const { startServer } = await import('./server-start.js');
  await startServer(config, early);
}

// A bad variable, an unreachable database, a port in use: one JSON line on stderr, exit 1.
// (Its logger is loaded only then: pino and Nest's logger are not needed to open a port.)
main().catch(async (error: unknown) => {
  const { logStartupFailure } = await import('./logging/startup-logger.js');
  logStartupFailure(error);
  process.exit(1);
});
