/// <reference lib="dom" />
import { vi } from 'vitest';
import type { CoreLogger } from '../../core/logger';
import type { AudioContextLike } from '../web-audio-player';
import type { NotificationApi } from '../web-notifier';

/** A logger that remembers what it was told. */
export function recordingLogger() {
  const lines: { level: 'debug' | 'info' | 'warn' | 'error'; msg: string; context?: Record<string, unknown> }[] = [];
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, context?: Record<string, unknown>) =>
    void lines.push({ level, msg, ...(context ? { context } : {}) });
  const logger: CoreLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines, messages: (level: string) => lines.filter((l) => l.level === level).map((l) => l.msg) };
}

/** `localStorage` stand-in (jsdom's is shared between the tests of a file). */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

export interface FakeNotification {
  title: string;
  options: NotificationOptions;
  closed: boolean;
  onclick: (() => void) | null;
  onclose: (() => void) | null;
  onerror: (() => void) | null;
  close(): void;
}

/** A `Notification` constructor that records what the page showed. */
export function fakeNotifications(permission: NotificationPermission = 'granted') {
  const shown: FakeNotification[] = [];
  const api = class {
    static permission: NotificationPermission = permission;
    static requestPermission = vi.fn(async () => api.permission);
    closed = false;
    onclick: (() => void) | null = null;
    onclose: (() => void) | null = null;
    onerror: (() => void) | null = null;
    constructor(
      readonly title: string,
      readonly options: NotificationOptions = {},
    ) {
      shown.push(this as unknown as FakeNotification);
    }
    close() {
      this.closed = true;
      this.onclose?.();
    }
  };
  return {
    api: api as unknown as NotificationApi & { permission: NotificationPermission; requestPermission: ReturnType<typeof vi.fn> },
    shown,
    open: () => shown.filter((n) => !n.closed),
  };
}

/** An `AudioContext` that decodes bytes to a tagged buffer and records the sources started. */
export function fakeAudioContext(initial: AudioContextState = 'running', options: { resumes?: boolean } = {}) {
  const started: string[] = [];
  const decodes: string[] = [];
  const context = {
    state: initial,
    destination: {} as AudioDestinationNode,
    resume: vi.fn(() => {
      if (options.resumes === false) return new Promise<void>(() => undefined);
      context.state = 'running';
      return Promise.resolve();
    }),
    decodeAudioData: vi.fn(async (data: ArrayBuffer) => {
      const name = new TextDecoder().decode(data);
      decodes.push(name);
      return { name } as unknown as AudioBuffer;
    }),
    createBufferSource: vi.fn(() => {
      const source = {
        buffer: null as AudioBuffer | null,
        connect: vi.fn(),
        start: vi.fn(() => started.push((source.buffer as unknown as { name: string }).name)),
      };
      return source as unknown as AudioBufferSourceNode;
    }),
  };
  return { context: context as unknown as AudioContextLike & { state: AudioContextState }, started, decodes };
}

/** `fetch` serving `sounds/<kind>.wav` as the bytes of their own name. */
export function soundFetch(options: { failing?: Set<string> } = {}) {
  const requested: string[] = [];
  const fetchFn = vi.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    requested.push(url);
    const name = url.split('/').pop() ?? '';
    if (options.failing?.has(name)) return new Response('missing', { status: 404 });
    return new Response(new TextEncoder().encode(name), { status: 200 });
  });
  return { fetch: fetchFn as unknown as typeof fetch, requested };
}
