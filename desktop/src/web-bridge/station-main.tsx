// First: before any module builds a zod schema (see the file).
import '../renderer/zod-jitless';
import { mountStation } from '../renderer/mount';
import { createWebBridge } from './create-web-bridge';

/**
 * The browser station's entry (built by desktop/vite.station.config.mts,
 * served by the server at `/station`): the station core runs in this page
 * behind the web bridge, and the desktop renderer mounts over it.
 */
const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

const api = createWebBridge({
  origin: window.location.origin,
  baseUrl: new URL(import.meta.env.BASE_URL, window.location.href).href,
  appVersion: __PLANTAO_VERSION__,
});
mountStation(container, api);
