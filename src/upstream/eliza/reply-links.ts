/**
 * Which reply answers which message while sends race in one session. ElizaOS 1.7.2 links a reply to
 * its user message only in a channel's messages (`inReplyToRootMessageId`); the follows of one
 * channel in this process share their reads of it. A follow is "contested" when another follow of
 * the channel overlaps it at any time (here, or on another instance as `othersFollowing` says):
 * only then are its candidate replies checked.
 */
import { sleep } from '../http/retry.js';
import type { ElizaApi } from './types.js';

/** Channel messages read to find which user message a reply answers. */
const LINK_PAGE = 50;
/** Reads of the channel for a reply not stored yet (ElizaOS broadcasts a reply before it stores it): at once, then 50 ms later, then doubling (750 ms in all). */
const LINK_READS = 5;

/** The follows of one channel running in this process, and the reply links they have read. */
interface ChannelFollows {
  follows: number;
  /** Follows started on this channel since it was first followed here. */
  started: number;
  /** Reply id → the user message it answers (null: the upstream names none). */
  links: Map<string, string | null>;
  /** Reads of the channel started so far, and the one in flight (shared by the channel's follows). */
  reads: number;
  reading: { n: number; done: Promise<void> } | null;
}
const channels = new Map<string, ChannelFollows>();

/** One follow's place among the follows of its channel. */
export interface ChannelTurn {
  /** Whether another follow overlaps this one (see the top of this file). */
  contested(): boolean;
  /**
   * The candidates (in order) that may be this follow's reply: all of them while uncontested;
   * otherwise those the channel does not link to another user message. A channel that cannot be
   * read, or does not know a candidate after a few reads, leaves it in.
   */
  ours(candidates: string[], userMessageId: string): Promise<string[]>;
  /** Ends the follow; `graceMs` > 0 keeps it counting that long (its reply may still come). */
  leave(graceMs: number): void;
}

export function enterChannel(args: {
  channelId: string;
  eliza: Pick<ElizaApi, 'getChannelReplies'>;
  othersFollowing?: () => boolean;
  signal?: AbortSignal;
}): ChannelTurn {
  let ch = channels.get(args.channelId);
  if (!ch) channels.set(args.channelId, (ch = { follows: 0, started: 0, links: new Map(), reads: 0, reading: null }));
  const c = ch;
  // another follow here that overlaps this one, at any time: running when this one starts, or
  // started later (even if it has ended since, its reply may still come after this message)
  const othersRunning = c.follows > 0;
  const startedBefore = c.started;
  c.follows += 1;
  c.started += 1;
  const contested = () => othersRunning || c.started > startedBefore + 1 || args.othersFollowing?.() === true;
  let left = false;
  return {
    contested,
    async ours(candidates, userMessageId) {
      if (candidates.length === 0 || !contested()) return candidates;
      for (let read = 1; read <= LINK_READS && candidates.some((id) => !c.links.has(id)); read++) {
        if (read > 1) await sleep(50 * 2 ** (read - 2), args.signal);
        try {
          // a read that starts now or later: one begun before the candidate arrived may miss it
          await readLinksFrom(c, c.reads + 1, () => args.eliza.getChannelReplies(args.channelId, LINK_PAGE), args.signal);
        } catch (err) {
          if (args.signal?.aborted) throw err;
          return candidates;
        }
      }
      return candidates.filter((id) => {
        const to = c.links.get(id);
        return to === undefined || to === null || to === userMessageId;
      });
    },
    leave(graceMs) {
      if (left) return;
      left = true;
      const go = () => {
        c.follows -= 1;
        if (c.follows <= 0 && channels.get(args.channelId) === c) channels.delete(args.channelId);
      };
      if (graceMs > 0) setTimeout(go, graceMs).unref();
      else go();
    },
  };
}

/**
 * Resolves once a read of the channel's links that started at or after read number `n` is done:
 * joins such a read when one is in flight, else starts one (after any older one ends). The links
 * read are kept for all the channel's follows here.
 */
async function readLinksFrom(c: ChannelFollows, n: number, read: () => Promise<Array<{ id: string; inReplyTo: string | null }>>, signal?: AbortSignal): Promise<void> {
  for (;;) {
    const r = c.reading;
    if (r && r.n >= n) return untilAborted(r.done, signal);
    if (r) {
      await untilAborted(r.done.catch(() => undefined), signal);
      continue;
    }
    const own = c.reads + 1;
    c.reads = own;
    const done = read()
      .then((list) => {
        for (const m of list) c.links.set(m.id, m.inReplyTo);
      })
      .finally(() => {
        if (c.reading?.n === own) c.reading = null;
      });
    c.reading = { n: own, done };
  }
}

/** `p`, or the signal's reason once it aborts (a shared read is not stopped by one follow leaving). */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
