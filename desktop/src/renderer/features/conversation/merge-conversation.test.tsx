import type { ConversationUpdatePayload } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { makeConversation, makeMessage, minutesAgo } from '../../test-support/fixtures';
import { conversationState, liveConversationIdFor, mergeMessages, updateKey } from './merge-conversation';

const sent = (id: string, status: 'pending' | 'sent' | 'failed', at = minutesAgo(1)): ConversationUpdatePayload => ({
  type: 'message_sent',
  conversationId: 'c1',
  patientId: 'p-1',
  message: makeMessage({ id, sender: 'nurse', content: 'resposta', deliveryStatus: status, timestamp: at }),
  userId: 'u-ana',
  userName: 'Ana Souza',
  timestamp: minutesAgo(0),
});

describe('merging a conversation', () => {
  it('merges fetched, local and live messages by id, oldest first, the later copy winning', () => {
    const fetched = [makeMessage({ id: 'm2', timestamp: minutesAgo(5) }), makeMessage({ id: 'm1', timestamp: minutesAgo(9) })];
    const local = [makeMessage({ id: 'r1', sender: 'nurse', deliveryStatus: 'pending', timestamp: minutesAgo(1) })];
    const merged = mergeMessages(fetched, local, [sent('r1', 'sent')]);
    expect(merged.map((m) => m.id)).toEqual(['m1', 'm2', 'r1']);
    expect(merged[2]?.deliveryStatus).toBe('sent');
  });

  it('never lets an older "pending" copy undo a delivery outcome', () => {
    const fetched = [makeMessage({ id: 'r1', sender: 'nurse', deliveryStatus: 'failed', deliveryError: '500' })];
    const merged = mergeMessages(fetched, [], [sent('r1', 'pending')]);
    expect(merged[0]?.deliveryStatus).toBe('failed');
    expect(merged[0]?.deliveryError).toBe('500');
  });

  it('moves the fetched status on with the assume/resolve updates that came after the fetch', () => {
    const view = makeConversation({ id: 'c1', patientId: 'p-1', status: 'open' });
    const assumed: ConversationUpdatePayload = {
      type: 'conversation_assumed',
      conversationId: 'c1',
      patientId: 'p-1',
      userId: 'u-bruno',
      timestamp: minutesAgo(3),
    };
    const resolved: ConversationUpdatePayload = {
      type: 'conversation_resolved',
      conversationId: 'c1',
      patientId: 'p-1',
      userId: 'u-ana',
      timestamp: minutesAgo(1),
    };
    expect(conversationState(view, [assumed], new Set())).toEqual({ status: 'assumed', assumedBy: 'u-bruno' });
    expect(conversationState(view, [assumed, resolved], new Set()).status).toBe('resolved');
    // Updates the fetch already reflected are not applied again over a newer view.
    const reopened = makeConversation({ id: 'c1', patientId: 'p-1', status: 'open' });
    expect(conversationState(reopened, [assumed], new Set([updateKey(assumed)])).status).toBe('open');
  });

  it('finds the conversation live updates know for a patient, the most recently active one', () => {
    const update = (conversationId: string, patientId: string, at: string): ConversationUpdatePayload => ({
      type: 'new_message',
      conversationId,
      patientId,
      timestamp: at,
    });
    const conversations = {
      c1: [update('c1', 'p-1', minutesAgo(10))],
      c2: [update('c2', 'p-1', minutesAgo(2))],
      c3: [update('c3', 'p-2', minutesAgo(1))],
    };
    expect(liveConversationIdFor(conversations, 'p-1')).toBe('c2');
    expect(liveConversationIdFor(conversations, 'p-9')).toBeUndefined();
  });
});
