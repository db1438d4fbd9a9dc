import type { ConversationMessage, ConversationView } from '@plantao/shared';
import { useEffect, useState } from 'react';
import { useDesktopApi, usePlantaoStore, useRendererStore } from '../../store/use-plantao-store';
import {
  conversationState,
  type ConversationState,
  liveConversationIdFor,
  mergeMessages,
  sendersByMessage,
  updateKey,
} from './merge-conversation';

interface Loaded {
  view: ConversationView | undefined;
  /** The conversation the messages were read from (the view's, or one only live updates know yet). */
  id: string | undefined;
  fetched: readonly ConversationMessage[];
  /** Live updates already present when the view was fetched (already reflected in it). */
  known: ReadonlySet<string>;
}

export interface PatientConversation {
  phase: 'loading' | 'failed' | 'ready';
  /** The last read (or the live subscription) failed; what was read before stays shown. */
  failed: boolean;
  conversationId: string | undefined;
  state: ConversationState;
  messages: readonly ConversationMessage[];
  nurseNames: ReadonlyMap<string, string>;
  /** Re-reads the conversation (after assume/resolve). */
  reload(): void;
  /** Sends a reply; the pending message shows at once. Rejects if the station refused it. */
  send(content: string): Promise<void>;
}

const NOTHING_KNOWN: ReadonlySet<string> = new Set();

/**
 * One patient's conversation while it is open: subscribes to the patient's
 * live room, finds the conversation (listConversations by patientId), reads
 * its messages, and merges the station's live updates on top. Mount it
 * with `key={patientId}`: a new patient starts from a clean state.
 */
export function usePatientConversation(patientId: string): PatientConversation {
  const api = useDesktopApi();
  const store = useRendererStore();
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [local, setLocal] = useState<readonly ConversationMessage[]>([]);
  const [reloads, setReloads] = useState(0);
  // A conversation the live updates know for this patient: a first message makes one appear.
  const liveId = usePlantaoStore((state) => liveConversationIdFor(state.station?.conversations, patientId));

  useEffect(() => {
    // Failures here only cost live updates of this room; the station's tenant-wide updates still arrive.
    api.subscribePatient(patientId).catch(() => setFailed(true));
    return () => {
      api.unsubscribePatient(patientId).catch(() => undefined /* the station may be signing out */);
    };
  }, [api, patientId]);

  useEffect(() => {
    let current = true;
    const load = async (): Promise<void> => {
      const view = (await api.listConversations()).find((conversation) => conversation.patientId === patientId);
      const id = view?.id ?? liveId;
      const known = new Set((id === undefined ? undefined : store.getState().station?.conversations[id])?.map(updateKey));
      const fetched = id === undefined ? [] : await api.getConversationMessages(id);
      if (current) setLoaded({ view, id, fetched, known });
    };
    load().then(
      () => current && setFailed(false),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [api, store, patientId, liveId, reloads]);

  const conversationId = loaded?.id ?? liveId;
  const live = usePlantaoStore((state) => (conversationId === undefined ? undefined : state.station?.conversations[conversationId]));
  // What was read belongs to `loaded.id`; until a re-read catches up with a newer conversation, show only live data.
  const read = loaded !== undefined && loaded.id === conversationId ? loaded : undefined;

  return {
    phase: loaded === undefined ? (failed ? 'failed' : 'loading') : 'ready',
    failed,
    conversationId,
    state: conversationState(read?.view, live, read?.known ?? NOTHING_KNOWN),
    messages: mergeMessages(read?.fetched ?? [], local, live),
    nurseNames: sendersByMessage(live),
    reload: () => setReloads((n) => n + 1),
    send: async (content) => {
      if (conversationId === undefined) throw new Error('no conversation to reply to');
      const message = await api.replyToConversation(conversationId, content);
      setLocal((messages) => [...messages, message]);
    },
  };
}
