/**
 * The tiny slice of `electron` the main process uses, as plain objects the
 * tests can drive and inspect. Loaded with
 * `vi.mock('electron', () => import('./fake-electron'))`: the Electron binary
 * is never needed. Everything else in the tests is real.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** An Electron-style event whose default can be prevented. */
export function fakeEvent<T extends object>(fields: T = {} as T): T & { preventDefault: () => void; defaultPrevented: boolean } {
  const event = { ...fields, defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
  return event;
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  setAppUserModelId = vi.fn();
  setLoginItemSettings = vi.fn();
  getLoginItemSettings = vi.fn(() => ({ wasOpenedAtLogin: false }));
  requestSingleInstanceLock = vi.fn(() => true);
  quit = vi.fn();
  relaunch = vi.fn();
  getPath = vi.fn((name: string) => `/tmp/plantao-fake/${name}`);
  getAppPath = vi.fn(() => '/tmp/plantao-fake/app');
}
export const app = new FakeApp();

export class FakeWebFrame {
  constructor(
    public url: string,
    public processId = 1,
    public routingId = 1,
  ) {}
}

let nextWebContentsId = 1;

export class FakeWebContents extends EventEmitter {
  id = nextWebContentsId++;
  mainFrame = new FakeWebFrame('app://plantao/index.html');
  destroyed = false;
  loading = false;
  send = vi.fn();
  reload = vi.fn();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler = vi.fn((handler: (details: { url: string }) => { action: string }) => {
    this.windowOpenHandler = handler;
  });
  isDestroyed = () => this.destroyed;
  isLoading = () => this.loading;
}

export class BrowserWindow extends EventEmitter {
  static instances: BrowserWindow[] = [];
  webContents = new FakeWebContents();
  visible = false;
  hide = vi.fn(() => (this.visible = false));
  show = vi.fn(() => (this.visible = true));
  focus = vi.fn();
  restore = vi.fn();
  loadURL = vi.fn(async () => undefined);
  isMinimized = () => false;
  isDestroyed = () => false;
  constructor(public options: Record<string, unknown> = {}) {
    super();
    BrowserWindow.instances.push(this);
  }
}

export class Tray extends EventEmitter {
  static instances: Tray[] = [];
  image: unknown;
  tooltip = '';
  title = '';
  menu: { items: Array<{ label?: string; type?: string; click?: () => void }> } | undefined;
  setImage = vi.fn((image: unknown) => (this.image = image));
  setToolTip = vi.fn((text: string) => (this.tooltip = text));
  setTitle = vi.fn((text: string) => (this.title = text));
  setContextMenu = vi.fn((menu: Tray['menu']) => (this.menu = menu));
  destroy = vi.fn();
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.instances.push(this);
  }
}

export const Menu = {
  buildFromTemplate: vi.fn((items: Array<{ label?: string; type?: string; click?: () => void }>) => ({ items })),
};

export const nativeImage = {
  createFromPath: vi.fn((path: string) => ({ path, isEmpty: () => true })),
  createFromBitmap: vi.fn((_buffer: Buffer, size: { width: number; height: number }) => ({ drawn: true, ...size, isEmpty: () => false })),
};

export const ipcMain = {
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle: vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    ipcMain.handlers.set(channel, handler);
  }),
};

export class Notification extends EventEmitter {
  static supported = true;
  static instances: Notification[] = [];
  static isSupported = () => Notification.supported;
  show = vi.fn();
  close = vi.fn(() => this.emit('close'));
  constructor(public options: Record<string, unknown>) {
    super();
    Notification.instances.push(this);
  }
}

/** Reversible "encryption" (tests check the token is not in the file); `available` toggles the OS key store. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable: vi.fn(() => safeStorage.available),
  getSelectedStorageBackend: vi.fn(() => safeStorage.backend),
  encryptString: vi.fn((plain: string) => Buffer.from(Buffer.from(`enc(${plain})`, 'utf8').map((byte) => byte ^ 0x5a))),
  decryptString: vi.fn((encrypted: Buffer) => {
    const text = Buffer.from(encrypted.map((byte) => byte ^ 0x5a)).toString('utf8');
    const match = /^enc\((.*)\)$/s.exec(text);
    if (!match?.[1]) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return match[1];
  }),
};

export const powerMonitor = new EventEmitter();

export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  },
};

export const dialog = { showMessageBox: vi.fn(async () => ({ response: 0 })) };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const shell = { openExternal: vi.fn() };

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld: vi.fn((key: string, value: unknown) => contextBridge.exposed.set(key, value)),
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (_channel: string, _payload?: unknown): Promise<unknown> => undefined),
});
