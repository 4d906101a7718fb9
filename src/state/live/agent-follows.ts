/**
 * Agent-reply follows started on other instances, per ElizaOS channel. Each instance announces its
 * follows on the store's pub/sub (Redis across instances), so that a follow learns when a send made
 * through another instance races it in the same session; it then checks each reply against the
 * channel (see upstream/eliza/reply-follow.ts). Follows on this instance are counted there.
 * An announced follow counts for the reply deadline (plus a margin) from when it is heard, whether
 * or not it has ended: its reply may come after a message sent later, until the deadline.
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
  const ok = [a.i, a.c, a.f].every((x) => typeof x === 'string' && ID.test(x));
  return ok ? (a as unknown as Announcement) : null;
}

export class AgentFollows {
  private readonly instance = randomUUID();
  /** channel → follow → until (epoch ms) */
  private readonly remote = new Map<string, Map<string, number>>();
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

  /** Announces a follow of `channelId` to the other instances. */
  announce(channelId: string): void {
    const a: Announcement = { i: this.instance, c: channelId, f: randomUUID() };
    this.pubsub.publish(TOPIC, JSON.stringify(a)).catch(this.onError);
  }

  /** Whether another instance started a follow of `channelId` within the reply deadline, as far as this one has heard. */
  othersFollow(channelId: string): boolean {
    const follows = this.remote.get(channelId);
    if (!follows) return false;
    this.prune(channelId, follows);
    return follows.size > 0;
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
    follows.set(a.f, this.now() + this.holdMs + MARGIN_MS);
    // now and then, forget the follows of channels nobody asks about
    if (++this.heard % 100 === 0) for (const [c, f] of this.remote) this.prune(c, f);
  }

  private prune(channelId: string, follows: Map<string, number>): void {
    const now = this.now();
    for (const [f, until] of follows) if (until <= now) follows.delete(f);
    if (follows.size === 0) this.remote.delete(channelId);
  }
}
