import type { StationSnapshot } from '@plantao/shared';

/**
 * Every IPC push is a fresh JSON copy of the whole station state, so without
 * this every alert row would re-render on every push (a priority change, a
 * heartbeat of the connection state...). `reuseSnapshot` hands back the
 * previous object for anything structurally unchanged, so `Object.is` holds
 * for unchanged alerts, patients and records, and React skips those rows.
 */
export function reuseSnapshot(previous: StationSnapshot | undefined, next: StationSnapshot): StationSnapshot {
  if (previous === undefined) return next;
  const merged: StationSnapshot = {
    ...next,
    alerts: reuseRecord(previous.alerts, next.alerts, sameJson),
    patients: reuseRecord(previous.patients, next.patients, sameJson),
    priorities: reuseRecord(previous.priorities, next.priorities, sameJson),
    staff: reuseRecord(previous.staff, next.staff, Object.is),
    conversations: reuseRecord(previous.conversations, next.conversations, sameHistory),
    config: sameJson(previous.config, next.config) ? previous.config : next.config,
  };
  if (previous.user !== undefined && next.user !== undefined && sameJson(previous.user, next.user)) merged.user = previous.user;
  return sameJson(topLevel(previous), topLevel(merged)) && sameRefs(previous, merged) ? previous : merged;
}

/** Keeps each unchanged value; keeps the whole record when nothing in it changed. */
export function reuseRecord<T>(
  previous: Readonly<Record<string, T>>,
  next: Readonly<Record<string, T>>,
  same: (a: NoInfer<T>, b: NoInfer<T>) => boolean,
): Record<string, T> {
  let changed = Object.keys(previous).length !== Object.keys(next).length;
  const out: Record<string, T> = {};
  for (const [id, value] of Object.entries(next)) {
    const old = previous[id];
    if (old !== undefined && same(old, value)) out[id] = old;
    else {
      out[id] = value;
      changed = true;
    }
  }
  return changed ? out : (previous as Record<string, T>);
}

/**
 * A conversation's history only ever grows at the end and is trimmed at the
 * front (desktop/src/core/store.ts `applyConversationUpdate`), so equal length
 * and equal ends mean equal: no need to walk 200 entries × 500 conversations
 * on every push.
 */
function sameHistory<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && sameJson(a[0], b[0]) && sameJson(a.at(-1), b.at(-1));
}

/** Deep equality of JSON values (what crosses IPC). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  const aKeys = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(bRecord).length) return false;
  const aRecord = a as Record<string, unknown>;
  return aKeys.every((key) => key in bRecord && sameJson(aRecord[key], bRecord[key]));
}

const RECORD_KEYS = ['alerts', 'patients', 'priorities', 'staff', 'conversations', 'config', 'user'] as const;

function topLevel(snapshot: StationSnapshot): Partial<StationSnapshot> {
  const rest: Partial<StationSnapshot> = { ...snapshot };
  for (const key of RECORD_KEYS) delete rest[key];
  return rest;
}

function sameRefs(a: StationSnapshot, b: StationSnapshot): boolean {
  return RECORD_KEYS.every((key) => a[key] === b[key]);
}
