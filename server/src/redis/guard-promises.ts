/**
 * The same object, except that the named methods' promises never reject:
 * a rejection goes to `onError` and the call resolves `undefined`. For a
 * caller that fires and forgets (the Socket.io Redis adapter calls
 * `pubClient.publish(...)` without awaiting it: during an outage each call
 * would be an unhandled rejection). Every other property is read from the
 * target itself, methods bound to it (node-redis keeps its state in private fields).
 */
export function guardPromises<T extends object>(target: T, methods: readonly string[], onError: (error: unknown) => void): T {
  const guarded = new Set<PropertyKey>(methods);
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const bound = (value as (...args: unknown[]) => unknown).bind(object);
      if (!guarded.has(property)) return bound;
      return (...args: unknown[]) => {
        try {
          const result = bound(...args);
          return result instanceof Promise ? result.catch((error: unknown) => onError(error)) : result;
        } catch (error) {
          onError(error);
          return undefined;
        }
      };
    },
  });
}
