import { type StationIdentity, StationIdentitySchema } from '@plantao/shared';

/**
 * What this station tells the server about itself in every handshake
 * (`auth.station`, issue #9): a stable id per installation, so one PC counts
 * once for delivery receipts and presence however often it reconnects or
 * restarts, plus a name IT recognises, the host and the app version.
 *
 * The id comes from the host when it keeps one per installation (the Electron
 * app in its data folder, the browser station in `localStorage`), else from the
 * core's own saved state; a station with neither makes one up (and saves it).
 */
export type StationIdentityOptions = Partial<StationIdentity>;

/** 128 random bits as hex. `getRandomValues` works in Node and in any page (`randomUUID` needs a secure context). */
export function newStationId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The identity as the handshake sends it: every field checked with the shared
 * schema, and a bad optional one (a host name too long, an empty name) left
 * out rather than getting the station refused. The id itself is always valid.
 */
export function handshakeIdentity(id: string, options: StationIdentityOptions = {}): StationIdentity {
  const identity: StationIdentity = { id };
  for (const key of ['name', 'host', 'appVersion'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const parsed = StationIdentitySchema.shape[key].safeParse(value);
    if (parsed.success && parsed.data !== undefined) identity[key] = parsed.data;
  }
  return identity;
}

/** Whether a saved or host-given id may be sent as is. */
export const isValidStationId = (id: unknown): id is string => {
  const parsed = StationIdentitySchema.shape.id.safeParse(id);
  return parsed.success && parsed.data === id;
};
