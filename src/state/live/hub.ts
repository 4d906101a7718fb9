/**
 * Fan-out of live events over the store's pub/sub (Redis across instances, or this process), one
 * store subscription per topic on an instance however many subscribers share it.
 */
import type { PubSub } from '../store.js';
import type { LiveEvent } from './events.js';

type Listener = (event: LiveEvent) => void;

interface Topic {
  listeners: Set<Listener>;
  ready: Promise<(() => Promise<void>) | null>;
}

export class LiveHub {
  private readonly topics = new Map<string, Topic>();
  private published = 0;

  constructor(
    private readonly pubsub: PubSub,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  /** Sends `event` to every subscriber of `topic` on every instance; never throws. */
  publish(topic: string, event: LiveEvent): void {
    this.published += 1;
    this.pubsub.publish(topic, JSON.stringify(event)).catch(this.onError);
  }

  /** Calls `listener` for each event on `topic`; resolves (subscribed) with the function that stops it. */
  async subscribe(topic: string, listener: Listener): Promise<() => void> {
    let t = this.topics.get(topic);
    if (!t) {
      const listeners = new Set<Listener>();
      const ready = this.pubsub
        .subscribe(topic, (raw) => {
          let event: LiveEvent;
          try {
            event = JSON.parse(raw) as LiveEvent;
          } catch {
            return;
          }
          for (const l of listeners) l(event);
        })
        .catch((err: unknown) => {
          this.onError(err);
          return null;
        });
      t = { listeners, ready };
      this.topics.set(topic, t);
    }
    const entry: Listener = (e) => listener(e);
    t.listeners.add(entry);
    const own = t;
    await own.ready;
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      own.listeners.delete(entry);
      if (own.listeners.size > 0 || this.topics.get(topic) !== own) return;
      this.topics.delete(topic);
      void own.ready.then((stop) => stop?.()).catch(this.onError);
    };
  }

  stats(): { topics: number; published: number } {
    return { topics: this.topics.size, published: this.published };
  }
}
