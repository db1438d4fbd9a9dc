import { DESKTOP_API_GLOBAL, type DesktopApi } from '@plantao/shared';

/**
 * The only place that reads `window.plantao`, the DesktopApi the preload
 * exposes (contextBridge). Everything else receives the api as a value, so
 * tests and the browser station can hand in their own.
 */
export function desktopApiFromWindow(): DesktopApi {
  const api = (window as unknown as Partial<Record<typeof DESKTOP_API_GLOBAL, DesktopApi>>)[DESKTOP_API_GLOBAL];
  if (api === undefined) throw new Error(`window.${DESKTOP_API_GLOBAL} is missing: the preload did not run`);
  return api;
}
