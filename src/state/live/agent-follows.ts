/**
 * Agent-reply follows on other instances, per ElizaOS channel. Each instance announces on the
 * store's pub/sub (Redis across instances) when a follow starts and when it ends with its reply, so
 * that a follow learns whether a send made through another instance overlapped it in the same
 * session; it then checks each reply against the channel (see upstream/eliza/reply-follow.ts).
 * Follows on this instance are counted there. A follow whose end is not announced (it timed out or
 * failed: its reply may still come) or not heard counts for the reply deadline plus a margin.
 */
import { randomUUID } from 'node:crypto';
import type { PubSub } from '../store.js';

const TOPIC = 'agent-follows';
/** Time an announced follow is remembered beyond the reply deadline (clocks and delivery vary). */
const MARGIN_MS = 5_000;
const ID = /^[A-Za-z0-9-]{1,64}$/;
/** The longest a follow waits for this instance's subscription (a store that does not answer). */
const READY_WAIT_MS = 1_000;

interface Announcement {
  /** The announcing instance. */
  i: string;
  /** Channel and follow. */
  c: string;
  f: string;
  /** Present: the follow ended with its reply. */
  e?: 1;
}

function parse(raw: string): Announcement | null {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const a = v as Record<string, unknown>;
  const ok = [a.i, a.c, a.f].every((x) => typeof x === 'string' && ID.test(x)) && (a.e === undefined || a.e === 1);
  return ok ? (a as unknown as Announcement) : null;
}

interface RemoteFollow {
  /** Forgotten after this (epoch ms). */
  until: number;
  /** When its end was heard. */
  endedAt?: number;
}

export class AgentFollows {
  private readonly instance = randomUUID();
  /** channel → follow → what was heard of it */
  private readonly remote = new Map<string, Map<string, RemoteFollow>>();
  private heard = 0;
  private closed = false;
  private stop: (() => Promise<void>) | null = null;
  /** Resolves once this instance hears announcements, or after a second without (never rejects). */
  readonly ready: Promise<void>;

  constructor(
    private readonly pubsub: PubSub,
    private readonly holdMs: number,
    private readonly now: () => number = Date.now,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    const subscribed = pubsub
      .subscribe(TOPIC, (raw) => this.hear(raw))
      .then((stop) => {
        if (this.closed) void stop().catch(this.onError);
        else this.stop = stop;
      })
      .catch(this.onError);
    this.ready = Promise.race([subscribed, new Promise<void>((resolve) => setTimeout(resolve, READY_WAIT_MS).unref())]);
  }

  /** Announces a follow of `channelId` to the other instances; call `replied` once it has its reply. */
  announce(channelId: string): { replied(): void } {
    const a: Announcement = { i: this.instance, c: channelId, f: randomUUID() };
    const send = (msg: Announcement) => void this.pubsub.publish(TOPIC, JSON.stringify(msg)).catch(this.onError);
    send(a);
    let done = false;
    return {
      replied: () => {
        if (done) return;
        done = true;
        send({ ...a, e: 1 });
      },
    };
  }

  /** Whether a follow of `channelId` on another instance has run at any time since `since` (epoch ms), as far as this one has heard. */
  othersFollow(channelId: string, since: number): boolean {
    const follows = this.remote.get(channelId);
    if (!follows) return false;
    this.prune(channelId, follows);
    for (const f of follows.values()) if (f.endedAt === undefined || f.endedAt > since) return true;
    return false;
  }

  /** Channels and follows remembered (for tests and metrics). */
  stats(): { channels: number; follows: number } {
    let follows = 0;
    for (const f of this.remote.values()) follows += f.size;
    return { channels: this.remote.size, follows };
  }

  close(): void {
    this.closed = true;
    this.remote.clear();
    void this.stop?.().catch(this.onError);
    this.stop = null;
  }

  private hear(raw: string): void {
    const a = parse(raw);
    if (!a || a.i === this.instance || this.closed) return;
    let follows = this.remote.get(a.c);
    if (!follows) this.remote.set(a.c, (follows = new Map()));
    const now = this.now();
    const known = follows.get(a.f);
    if (a.e) {
      // an end heard before its start (delivery order is not promised) still counts from now
      follows.set(a.f, { until: known?.until ?? now + this.holdMs + MARGIN_MS, endedAt: now });
    } else if (!known) {
      follows.set(a.f, { until: now + this.holdMs + MARGIN_MS });
    }
    // now and then, forget the follows of channels nobody asks about
    if (++this.heard % 100 === 0) for (const [c, f] of this.remote) this.prune(c, f);
  }

  private prune(channelId: string, follows: Map<string, RemoteFollow>): void {
    const now = this.now();
    for (const [id, f] of follows) if (f.until <= now) follows.delete(id);
    if (follows.size === 0) this.remote.delete(channelId);
  }
}
