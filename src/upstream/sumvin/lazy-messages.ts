import { UpstreamError } from '../../errors/classes.js';
import { messageDataSchema } from './schemas.js';
import type { SumvinMessage, SumvinMessages } from './types.js';
import { mapMessage } from './map-message.js';

/**
 * The messages of an expanded session, checked against the wire shape and mapped only as they are
 * read: an inbox shows 3 of a session's hundreds, so the others are never copied. A message of the
 * wrong shape fails the read that reaches it, as UPSTREAM_BAD_RESPONSE.
 */
export class LazySumvinMessages implements SumvinMessages {
  private readonly mapped: Array<SumvinMessage | undefined>;

  constructor(
    private readonly raw: readonly unknown[],
    private readonly sessionId: string,
  ) {
    this.mapped = new Array<SumvinMessage | undefined>(raw.length);
  }

  get length(): number {
    return this.raw.length;
  }

  at(i: number): SumvinMessage {
    let m = this.mapped[i];
    if (m === undefined) {
      const parsed = messageDataSchema.safeParse(this.raw[i]);
      if (!parsed.success) {
        throw new UpstreamError({
          service: 'sumvin',
          kind: 'UPSTREAM_BAD_RESPONSE',
          retryable: false,
          operation: 'expanded session messages',
          cause: new Error(`message ${i}: ${parsed.error.issues.slice(0, 3).map((x) => `${x.path.join('.')}: ${x.code}`).join('; ')}`),
        });
      }
      m = mapMessage(parsed.data, this.sessionId);
      this.mapped[i] = m;
    }
    return m;
  }

  slice(from: number, to: number): SumvinMessage[] {
    const out: SumvinMessage[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.raw.length); i++) out.push(this.at(i));
    return out;
  }

  all(): SumvinMessage[] {
    return this.slice(0, this.raw.length);
  }
}
