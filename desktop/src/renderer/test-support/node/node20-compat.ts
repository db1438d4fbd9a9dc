import vm from 'node:vm';
import workerThreads from 'node:worker_threads';
import zlib from 'node:zlib';

/**
 * jsdom 31 (and the undici it bundles) expects Node 22. The repository runs
 * on Node >= 20 (package.json engines), so before jsdom loads, the few
 * Node 22 features it touches get stand-ins here, each only when missing:
 * on Node 22+ this file changes nothing. Test environment only.
 */

// undici binds it when it loads; the screen's tests fetch nothing compressed.
const nodeZlib = zlib as unknown as Record<string, unknown>;
nodeZlib['createZstdDecompress'] ??= () => {
  throw new Error('zstd decompression needs Node 22 or later');
};

// undici marks some objects uncloneable; without it they are merely cloneable.
const nodeWorkerThreads = workerThreads as unknown as Record<string, unknown>;
nodeWorkerThreads['markAsUncloneable'] ??= () => undefined;

/**
 * ES2024/2025 built-ins jsdom uses: `Promise.withResolvers` and the iterator
 * helpers (`Iterator`, `.map`, `.filter`, `.find`…; jsdom's tree walkers
 * extend `Iterator`). Self-contained, because it is also run as source inside
 * every vm context jsdom creates (its window copies these globals from there).
 */
function installModernBuiltins(target: typeof globalThis): void {
  const g = target as unknown as Record<string, unknown> & { Promise: PromiseConstructor };
  const promises = g.Promise as unknown as Record<string, unknown>;
  if (typeof promises['withResolvers'] !== 'function') {
    promises['withResolvers'] = function withResolvers(this: PromiseConstructor) {
      let resolve!: (value: unknown) => void;
      let reject!: (reason: unknown) => void;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    };
  }
  if (typeof g['Iterator'] === 'function') return;
  type It = Iterator<unknown>;
  const prototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]())) as Record<string, unknown>;
  const each = (iterator: It): Iterable<unknown> => ({ [Symbol.iterator]: () => iterator });
  const helpers: Record<string, (this: It, ...args: never[]) => unknown> = {
    *map(fn: (value: unknown, index: number) => unknown) {
      let i = 0;
      for (const value of each(this)) yield fn(value, i++);
    },
    *filter(fn: (value: unknown, index: number) => boolean) {
      let i = 0;
      for (const value of each(this)) if (fn(value, i++)) yield value;
    },
    *take(limit: number) {
      let i = 0;
      if (limit > 0)
        for (const value of each(this)) {
          yield value;
          if (++i >= limit) return;
        }
    },
    *drop(count: number) {
      let i = 0;
      for (const value of each(this)) if (i++ >= count) yield value;
    },
    *flatMap(fn: (value: unknown, index: number) => Iterable<unknown>) {
      let i = 0;
      for (const value of each(this)) yield* fn(value, i++);
    },
    reduce(fn: (acc: unknown, value: unknown, index: number) => unknown, ...initial: unknown[]) {
      let i = 0;
      let started = initial.length > 0;
      let acc = initial[0];
      for (const value of each(this)) {
        acc = started ? fn(acc, value, i) : value;
        started = true;
        i++;
      }
      return acc;
    },
    toArray() {
      return [...each(this)];
    },
    forEach(fn: (value: unknown, index: number) => void) {
      let i = 0;
      for (const value of each(this)) fn(value, i++);
    },
    some(fn: (value: unknown, index: number) => boolean) {
      let i = 0;
      for (const value of each(this)) if (fn(value, i++)) return true;
      return false;
    },
    every(fn: (value: unknown, index: number) => boolean) {
      let i = 0;
      for (const value of each(this)) if (!fn(value, i++)) return false;
      return true;
    },
    find(fn: (value: unknown, index: number) => boolean) {
      let i = 0;
      for (const value of each(this)) if (fn(value, i++)) return value;
      return undefined;
    },
  };
  for (const name of Object.keys(helpers)) {
    Object.defineProperty(prototype, name, { value: helpers[name], writable: true, configurable: true });
  }
  // Abstract: `class X extends Iterator` works, `new Iterator()` does not.
  const IteratorConstructor = function Iterator(this: unknown) {
    if (new.target === undefined || new.target === IteratorConstructor) throw new TypeError('Iterator is abstract');
  };
  IteratorConstructor.prototype = prototype;
  Object.defineProperty(prototype, 'constructor', { value: IteratorConstructor, writable: true, configurable: true });
  Object.defineProperty(IteratorConstructor, 'from', {
    value: function from(source: Iterable<unknown> | It) {
      const iterator = Symbol.iterator in source ? (source as Iterable<unknown>)[Symbol.iterator]() : (source as It);
      return (function* wrap() {
        yield* each(iterator);
      })();
    },
    writable: true,
    configurable: true,
  });
  Object.defineProperty(g, 'Iterator', { value: IteratorConstructor, writable: true, configurable: true });
}

installModernBuiltins(globalThis);

// jsdom builds its window in a fresh vm context and copies these globals out of it.
const source = `(${installModernBuiltins.toString()})(globalThis);`;
const createContext = vm.createContext.bind(vm);
(vm as unknown as { createContext: typeof vm.createContext }).createContext = ((...args: Parameters<typeof vm.createContext>) => {
  const context = createContext(...args);
  vm.runInContext(source, context);
  return context;
}) as typeof vm.createContext;
