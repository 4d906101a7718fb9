/**
 * Everything live, one per facade instance: the Socket.IO channel watcher (ElizaOS), the pub/sub
 * hub, the shared Sumvin history poll, the agent-reply follows of other instances, and the
 * settings of replies, expiry checks and limits. Writes made through the facade are published
 * here at once.
 */
import type { MessageNode } from '../../domain/messages.js';
import type { ChannelWatcher } from '../../upstream/eliza/channel-watch.js';
import type { ElizaSession } from '../../upstream/eliza/types.js';
import type { SumvinSession } from '../../upstream/sumvin/types.js';
import type { SharedStore } from '../store.js';
import { AgentFollows } from './agent-follows.js';
import { inboxTopic, sessionTopic, type LiveEvent, type LiveProvider, type RemovedReason } from './events.js';
import { LiveHub } from './hub.js';
import { POLL_DEFAULTS, SumvinPollers, type PollSettings } from './sumvin-poll.js';

export interface LiveSettings {
  /** Time for an agent reply after the send answered. Default 60 s. */
  replyDeadlineMs?: number;
  /** History polls while the socket is down (see reply-follow.ts). */
  replyPoll?: { intervalMs?: number; maxPolls?: number; limit?: number };
  sumvinPoll?: Partial<PollSettings>;
  /** How often a watched agent session's clock is checked for expiry warnings and expiry. Default 1 s. */
  expiryCheckMs?: number;
  /** Subscriptions open at once per caller. Default 20. */
  maxSubscriptionsPerCaller?: number;
  now?: () => number;
}

export const LIVE_DEFAULTS = { replyDeadlineMs: 60_000, expiryCheckMs: 1_000, maxSubscriptionsPerCaller: 20 } as const;

export class LiveServices {
  readonly hub: LiveHub;
  readonly pollers: SumvinPollers;
  /** Agent-reply follows on other instances, to tell when sends in one session race. */
  readonly follows: AgentFollows;
  readonly replyDeadlineMs: number;
  readonly replyPoll: LiveSettings['replyPoll'];
  readonly expiryCheckMs: number;
  readonly maxSubscriptionsPerCaller: number;
  readonly now: () => number;
  private readonly open = new Map<string, number>();
  private readonly locks: SharedStore['locks'];

  constructor(
    readonly watcher: ChannelWatcher,
    store: SharedStore,
    settings: LiveSettings = {},
    onError?: (err: unknown) => void,
  ) {
    this.hub = new LiveHub(store.pubsub, onError);
    this.locks = store.locks;
    this.pollers = new SumvinPollers(store.locks, { ...POLL_DEFAULTS, ...settings.sumvinPoll });
    this.replyDeadlineMs = settings.replyDeadlineMs ?? LIVE_DEFAULTS.replyDeadlineMs;
    this.replyPoll = settings.replyPoll;
    this.expiryCheckMs = settings.expiryCheckMs ?? LIVE_DEFAULTS.expiryCheckMs;
    this.maxSubscriptionsPerCaller = settings.maxSubscriptionsPerCaller ?? LIVE_DEFAULTS.maxSubscriptionsPerCaller;
    this.now = settings.now ?? Date.now;
    this.follows = new AgentFollows(store.pubsub, this.replyDeadlineMs, this.now, onError);
  }

  /** Counts one open subscription of `caller`; false (nothing counted) when the caller is at the limit. */
  openSubscription(caller: string): (() => void) | null {
    const n = this.open.get(caller) ?? 0;
    if (n >= this.maxSubscriptionsPerCaller) return null;
    this.open.set(caller, n + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.open.get(caller) ?? 1) - 1;
      if (left <= 0) this.open.delete(caller);
      else this.open.set(caller, left);
    };
  }

  /** Subscriptions open on this instance, all callers. */
  openSubscriptions(): number {
    let n = 0;
    for (const v of this.open.values()) n += v;
    return n;
  }

  publishSession(provider: LiveProvider, owner: string, sessionId: string, event: LiveEvent, inbox = true): void {
    this.hub.publish(sessionTopic(provider, owner, sessionId), event);
    if (inbox) this.hub.publish(inboxTopic(owner), event);
  }

  /** A message of an agent session (owner = the session's user id). */
  publishMessage(session: ElizaSession, message: MessageNode): void {
    this.publishSession('eliza', session.userId, session.sessionId, { type: 'message', provider: 'eliza', sessionId: session.sessionId, message }, false);
  }

  /** A message of a chat session; `touch`: a write through the facade, so the shared poll speeds up. */
  publishSumvinMessage(owner: string, sessionId: string, message: MessageNode, touch = true): void {
    this.publishSession('sumvin', owner, sessionId, { type: 'message', provider: 'sumvin', sessionId, message }, false);
    if (touch) this.pollers.touch(`${owner}:${sessionId}`);
  }

  publishElizaSession(type: 'created' | 'updated', session: ElizaSession): void {
    this.publishSession('eliza', session.userId, session.sessionId, { type, provider: 'eliza', session });
  }

  publishSumvinSession(type: 'created' | 'updated', owner: string, session: SumvinSession): void {
    const { messages: _m, ...rest } = session;
    this.publishSession('sumvin', owner, session.id, { type, provider: 'sumvin', session: { ...rest, messages: null } });
  }

  publishRemoved(provider: LiveProvider, owner: string, sessionId: string, reason: RemovedReason): void {
    this.publishSession(provider, owner, sessionId, { type: 'removed', provider, sessionId, reason });
  }

  /**
   * An agent session a subscriber found expired: told to its other subscribers and the owner's
   * inboxes once, cluster-wide (the first instance to notice holds a short lock).
   */
  async announceExpired(owner: string, sessionId: string): Promise<void> {
    const lock = await this.locks.tryAcquire(`expired:${sessionId}`, 60_000).catch(() => null);
    if (lock) this.publishRemoved('eliza', owner, sessionId, 'EXPIRED');
  }

  stats(): { joinedChannels: number; watchedChannels: number; activePolls: number; polls: number; topics: number } {
    const w = this.watcher.stats();
    return { joinedChannels: w.joinedChannels, watchedChannels: w.watchedChannels, ...this.pollers.stats(), topics: this.hub.stats().topics };
  }

  close(): void {
    this.pollers.close();
    this.follows.close();
    this.watcher.close();
  }
}
