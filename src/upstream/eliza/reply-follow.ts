/**
 * Follows the stored reply of a default-transport send: watch the session's channel first, send,
 * then stream the agent's `messageStreamChunk`s and finish on its `messageBroadcast` (the stored
 * reply, same id). When the socket is down the history is polled instead (bounded), once more right
 * after a reconnect, and once at the deadline; with nothing by then, a `ReplyTimeoutError`.
 *
 * ElizaOS 1.7.2's broadcast does not say which user message it answers. The reply taken is the
 * first message of the session's agent in the channel dated at or after the user message; chunks are
 * those of the first reply id seen. While another follow of the same channel overlaps this one (two
 * sends racing in one session, here or on another instance), that could be the other message's
 * reply: then each candidate is checked against the channel's messages (reply-links.ts), and
 * chunks are held until the reply is known to be this one's.
 */
import { UpstreamError } from '../../errors/classes.js';
import { WatchLimitError, type ChannelWatcher } from './channel-watch.js';
import { enterChannel } from './reply-links.js';
import type { ElizaChannelEvent } from './socket-events.js';
import type { ElizaApi } from './types.js';

export interface FollowReplyArgs {
  watcher: ChannelWatcher;
  eliza: Pick<ElizaApi, 'getMessages' | 'getChannelReplies'>;
  sessionId: string;
  channelId: string;
  /** The session's agent: only its messages count as the reply. */
  agentId: string;
  /** Sends the message with the default transport; resolves with the stored user message. */
  send: () => Promise<{ id: string; createdAt: number }>;
  /**
   * Whether a follow of this channel on another instance has overlapped this one (a send racing it
   * in the same session); follows in this process are counted in reply-links.ts.
   */
  othersFollowing?: () => boolean;
  /** Time for the reply after the send answered. */
  deadlineMs: number;
  /** Longest wait for the channel join before sending anyway (not waited when the socket is known down). Default 2 s. */
  joinWaitMs?: number;
  /** History polls while the socket is down: interval (default 1 s), at most `maxPolls` (default 20), page size (default 20). */
  poll?: { intervalMs?: number; maxPolls?: number; limit?: number };
  /** Chunks kept while the consumer is slow, and their total characters. Default 10,000 and 1 M. */
  maxBufferedChunks?: number;
  maxBufferedChars?: number;
  signal?: AbortSignal;
}

export interface FollowedReply {
  id: string;
  text: string;
  /** Epoch ms, as stored. */
  createdAt: number;
  thought: string | null;
  actions: string[];
  /** How it arrived: the channel's broadcast, or the history poll. */
  via: 'socket' | 'poll';
}

export type ReplyEvent =
  | { type: 'accepted'; userMessage: { id: string; createdAt: number } }
  | { type: 'chunk'; messageId: string; index: number; text: string }
  | { type: 'reply'; reply: FollowedReply };

/** No reply by the deadline. The user message is stored; the reply may still come later. */
export class ReplyTimeoutError extends UpstreamError {
  override name = 'ReplyTimeoutError';
  constructor(readonly polls: number) {
    super({ service: 'eliza', kind: 'UPSTREAM_TIMEOUT', retryable: false, mayHaveApplied: true, operation: 'agent reply' });
  }
}

type Item = { kind: 'event'; event: ElizaChannelEvent } | { kind: 'poll' } | { kind: 'deadline' };

/** Sends, then yields `accepted`, the reply's chunks, and finally `reply`; throws ReplyTimeoutError at the deadline. */
export async function* followReply(a: FollowReplyArgs): AsyncGenerator<ReplyEvent, void, undefined> {
  const poll = { intervalMs: 1000, maxPolls: 20, limit: 20, ...a.poll };
  const maxChunks = a.maxBufferedChunks ?? 10_000;
  const maxChars = a.maxBufferedChars ?? 1_000_000;
  const queue: Item[] = [];
  let bufferedChunks = 0;
  let bufferedChars = 0;
  let wake: (() => void) | null = null;
  const push = (item: Item) => {
    queue.push(item);
    wake?.();
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, item: Item) => {
    const t = setTimeout(() => {
      timers.delete(t);
      push(item);
    }, ms);
    timers.add(t);
  };

  let unwatch = () => {};
  let watching = true;
  try {
    unwatch = a.watcher.watch(a.channelId, (event) => {
      if (event.type === 'broadcast') {
        if (event.senderId === a.agentId) push({ kind: 'event', event });
      } else if (bufferedChunks < maxChunks && bufferedChars + event.text.length <= maxChars) {
        bufferedChunks += 1;
        bufferedChars += event.text.length;
        push({ kind: 'event', event });
      }
    });
  } catch (err) {
    if (!(err instanceof WatchLimitError)) throw err;
    watching = false; // the watcher is full: the history poll alone
  }
  const socketUsable = () => watching && a.watcher.isConnected();
  let polls = 0;
  let pollScheduled = false;
  const schedulePoll = (ms: number) => {
    if (pollScheduled || polls >= poll.maxPolls) return;
    pollScheduled = true;
    later(ms, { kind: 'poll' });
  };
  let offConnection = () => {};
  const onAbort = () => wake?.();
  a.signal?.addEventListener('abort', onAbort);
  const turn = enterChannel({ channelId: a.channelId, eliza: a.eliza, ...(a.othersFollowing ? { othersFollowing: a.othersFollowing } : {}), ...(a.signal ? { signal: a.signal } : {}) });
  let replied = false;
  try {
    if (watching && a.watcher.isReachable()) await joinedWithin(a.watcher, a.channelId, a.joinWaitMs ?? 2000, a.signal);
    const userMessage = await a.send();
    const ours = (candidates: string[]) => turn.ours(candidates, userMessage.id);
    yield { type: 'accepted', userMessage };
    later(a.deadlineMs, { kind: 'deadline' });
    offConnection = a.watcher.onConnectionChange((connected) => {
      schedulePoll(connected ? 0 : poll.intervalMs); // after a reconnect: whatever was missed meanwhile
    });
    if (!socketUsable()) schedulePoll(poll.intervalMs);
    let lockedId: string | null = null;
    /** Chunks seen while another follow of the channel overlaps this one, by reply id, until the reply is known. */
    const held = new Map<string, Array<{ index: number; text: string }>>();
    let deadlinePassed = false;

    const pollOnce = async (): Promise<FollowedReply | null> => {
      polls += 1;
      const page = await a.eliza.getMessages(a.sessionId, { limit: poll.limit, after: userMessage.createdAt - 1 }, a.signal);
      const replies = page.messages
        .filter((m) => m.isAgent && m.authorId === a.agentId && m.id !== userMessage.id && m.createdAt >= userMessage.createdAt)
        .sort((x, y) => x.createdAt - y.createdAt);
      const [firstId] = await ours(replies.map((m) => m.id));
      const first = replies.find((m) => m.id === firstId);
      if (!first) return null;
      const meta = first.metadata as { thought?: unknown; actions?: unknown };
      const thought = typeof meta.thought === 'string' ? meta.thought : null;
      const actions = Array.isArray(meta.actions) ? meta.actions.filter((x): x is string => typeof x === 'string') : [];
      return { id: first.id, text: first.content, createdAt: first.createdAt, thought, actions, via: 'poll' };
    };

    for (;;) {
      a.signal?.throwIfAborted();
      const item = queue.shift();
      if (!item) {
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        continue;
      }
      if (item.kind === 'event') {
        const e = item.event;
        if (e.type === 'chunk') {
          const ofAgent = e.agentId === null || e.agentId === a.agentId;
          if (ofAgent && lockedId === null && turn.contested()) {
            // whose reply these are is known only once it is stored: held until then, and still
            // counted in the buffer's bounds (the listener admits no more past them)
            const list = held.get(e.messageId);
            if (list) list.push({ index: e.index, text: e.text });
            else held.set(e.messageId, [{ index: e.index, text: e.text }]);
            continue;
          }
          bufferedChunks -= 1;
          bufferedChars -= e.text.length;
          if (!ofAgent) continue;
          lockedId ??= e.messageId;
          if (e.messageId === lockedId) yield { type: 'chunk', messageId: e.messageId, index: e.index, text: e.text };
          continue;
        }
        if (e.createdAt < userMessage.createdAt) continue;
        if ((await ours([e.id])).length === 0) continue; // another follow's reply
        const { id, text, createdAt, thought, actions } = e;
        if (lockedId === null) {
          for (const c of (held.get(id) ?? []).sort((x, y) => x.index - y.index)) yield { type: 'chunk', messageId: id, index: c.index, text: c.text };
        }
        replied = true;
        yield { type: 'reply', reply: { id, text, createdAt, thought, actions, via: 'socket' } };
        return;
      }
      if (item.kind === 'poll') {
        pollScheduled = false;
        const found = await pollOnce();
        if (found) {
          replied = true;
          yield { type: 'reply', reply: found };
          return;
        }
        if (deadlinePassed) throw new ReplyTimeoutError(polls);
        if (!socketUsable()) schedulePoll(poll.intervalMs);
        continue;
      }
      // the deadline: one last look at the history, in case an event was lost
      deadlinePassed = true;
      if (polls >= poll.maxPolls) throw new ReplyTimeoutError(polls);
      pollScheduled = true;
      queue.unshift({ kind: 'poll' });
    }
  } finally {
    // without its reply (timed out, failed, left) the follow still counts until the deadline: the
    // reply may yet come, after a message sent meanwhile in the same session
    turn.leave(replied ? 0 : a.deadlineMs);
    for (const t of timers) clearTimeout(t);
    a.signal?.removeEventListener('abort', onAbort);
    offConnection();
    unwatch();
  }
}

/** Sends and waits for the stored reply, ignoring chunks. */
export async function awaitReply(a: FollowReplyArgs): Promise<{ userMessage: { id: string; createdAt: number }; reply: FollowedReply }> {
  let userMessage: { id: string; createdAt: number } | undefined;
  for await (const e of followReply(a)) {
    if (e.type === 'accepted') userMessage = e.userMessage;
    if (e.type === 'reply') return { userMessage: userMessage!, reply: e.reply };
  }
  throw new Error('followReply ended without a reply');
}

async function joinedWithin(watcher: ChannelWatcher, channelId: string, ms: number, signal?: AbortSignal): Promise<void> {
  const ac = new AbortController();
  const t = setTimeout(() => ac.abort(), ms);
  const onAbort = () => ac.abort();
  signal?.addEventListener('abort', onAbort);
  try {
    await watcher.whenJoined(channelId, ac.signal);
  } catch {
    // not joined in time: send anyway; the history poll covers a missed broadcast
  } finally {
    clearTimeout(t);
    signal?.removeEventListener('abort', onAbort);
  }
}
