import { join } from 'node:path';
import { app } from 'electron';
import { APP_URL } from './renderer-protocol';

export interface AppPaths {
  /** The preload bundled into one file by scripts/build-preload.mjs (a sandboxed preload cannot require). */
  preload: string;
  /** The built renderer served at `app://plantao/`. */
  rendererDir: string;
  assetsDir: string;
  /** `<kind>.wav`; packaged as plain files next to app.asar so OS audio players can open them. */
  soundsDir: string;
  userData: string;
}

export function appPaths(): AppPaths {
  const assetsDir = join(app.getAppPath(), 'assets');
  return {
    preload: join(__dirname, '..', 'preload', 'bundle.cjs'),
    rendererDir: join(__dirname, '..', 'renderer'),
    assetsDir,
    soundsDir: app.isPackaged ? join(process.resourcesPath, 'sounds') : join(assetsDir, 'sounds'),
    userData: app.getPath('userData'),
  };
}

/**
 * The Vite dev server in development (`PLANTAO_RENDERER_URL`), else the
 * packaged renderer. A packaged app ignores the variable: it must never be
 * pointed at another site.
 */
export function rendererUrl(): { url: string; devServerUrl?: string } {
  const devServerUrl = app.isPackaged ? undefined : process.env.PLANTAO_RENDERER_URL;
  return devServerUrl ? { url: devServerUrl, devServerUrl } : { url: APP_URL };
}

/**
 * `npm start` points an unpackaged app at the server it just started
 * (`PLANTAO_SERVER_URL`) when the nurse never chose one. A packaged app
 * ignores the variable, like `PLANTAO_RENDERER_URL`.
 */
export function developmentServerUrl(): string | undefined {
  return app.isPackaged ? undefined : process.env.PLANTAO_SERVER_URL;
}
