import type { ConversationMessage, ConversationStatus, ConversationUpdatePayload, ConversationView } from '@plantao/shared';

/** An update's identity (the core de-duplicates with the same fields). */
export const updateKey = (update: ConversationUpdatePayload): string =>
  [update.type, update.timestamp, update.message?.id ?? '', update.userId ?? ''].join('|');

const rank = (message: ConversationMessage): number => (message.deliveryStatus === 'pending' ? 0 : 1);

/**
 * The messages to show, oldest first: the fetched page, then replies sent
 * from this screen, then live updates, merged by message id (later wins),
 * except that a delivery outcome (sent/failed) is never overwritten by an
 * older "pending" copy of the same message.
 */
export function mergeMessages(
  fetched: readonly ConversationMessage[],
  local: readonly ConversationMessage[],
  live: readonly ConversationUpdatePayload[] | undefined,
): ConversationMessage[] {
  const byId = new Map<string, ConversationMessage>();
  const put = (message: ConversationMessage): void => {
    const existing = byId.get(message.id);
    byId.set(
      message.id,
      existing !== undefined && rank(existing) > rank(message) ? { ...message, ...pick(existing) } : { ...existing, ...message },
    );
  };
  fetched.forEach(put);
  local.forEach(put);
  for (const update of live ?? []) if (update.message) put(update.message);
  return [...byId.values()]
    .map((message, order) => ({ message, order, at: Date.parse(message.timestamp) }))
    .sort((a, b) => a.at - b.at || a.order - b.order)
    .map(({ message }) => message);
}

const pick = (message: ConversationMessage): Partial<ConversationMessage> => ({
  deliveryStatus: message.deliveryStatus,
  ...(message.deliveryError !== undefined ? { deliveryError: message.deliveryError } : {}),
});

export interface ConversationState {
  status: ConversationStatus;
  /** User id or name of whoever assumed it. */
  assumedBy: string | undefined;
}

/**
 * The view as fetched, moved on by the assume/resolve updates that came in
 * after the fetch (`known` holds the updates the fetch already reflected).
 */
export function conversationState(
  view: ConversationView | undefined,
  live: readonly ConversationUpdatePayload[] | undefined,
  known: ReadonlySet<string>,
): ConversationState {
  let state: ConversationState = { status: view?.status ?? 'open', assumedBy: view?.assumedBy };
  for (const update of live ?? []) {
    if (known.has(updateKey(update))) continue;
    if (update.type === 'conversation_assumed') state = { status: 'assumed', assumedBy: update.userId ?? update.userName };
    if (update.type === 'conversation_resolved') state = { status: 'resolved', assumedBy: state.assumedBy };
  }
  return state;
}

/** The nurse who sent each outbound message, by message id (from `message_sent` updates). */
export function sendersByMessage(live: readonly ConversationUpdatePayload[] | undefined): ReadonlyMap<string, string> {
  const names = new Map<string, string>();
  for (const update of live ?? []) {
    const name = update.userName ?? update.userId;
    if (update.message && name !== undefined && update.message.sender === 'nurse') names.set(update.message.id, name);
  }
  return names;
}

/** The conversation the station's live updates know for a patient (newest activity wins). */
export function liveConversationIdFor(
  conversations: Readonly<Record<string, readonly ConversationUpdatePayload[]>> | undefined,
  patientId: string,
): string | undefined {
  let best: { id: string; at: number } | undefined;
  for (const [id, history] of Object.entries(conversations ?? {})) {
    const last = history.at(-1);
    if (last?.patientId !== patientId) continue;
    const at = Date.parse(last.timestamp);
    if (best === undefined || at > best.at) best = { id, at };
  }
  return best?.id;
}
