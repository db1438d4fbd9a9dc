/**
 * The server's test support that other workspaces use, as the package entry
 * `@plantao/server/test-support`: the desktop's integration and browser
 * suites seed a hospital, start the real compiled server and post to it with
 * these. Only modules without Nest decorators are re-exported here: the
 * desktop's vitest project compiles without decorator metadata.
 */
export { alertBody, api, login, PASSWORD, seedTenant, type TenantFixture } from './fixtures';
export { HttpStandIn } from './http-stand-in';
export { spawnServer, type SpawnedServer } from './spawn-server';
export { createTestDatabase, type TestDatabase } from './test-database';
export { type ProxyDelay, startTcpProxy, type TcpProxy, type TcpProxyOptions } from './tcp-proxy';
export { APP_SECRET, fixture, postWebhook, textDelivery } from './whatsapp';
/** To age a stored alert in a test (the desktop's alarm-window suite). */
export { openDatabase } from '../../src/db/create-database';
