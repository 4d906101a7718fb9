import { UpstreamError } from '../../errors/classes.js';
import { HttpClient } from '../http.js';
import type { UpstreamTransport } from '../http/types.js';
import { JSON_ARRAY_DEFAULTS, jsonArrayKind, type JsonArrayLimits } from '../http/json-array.js';
import { mapElizaError, mapSessionInfo } from './map.js';
import { sessionInfoSchema } from './schemas.js';
import type { ElizaSession } from './types.js';

const SESSIONS = '/api/messaging/sessions';
const OPERATION = `GET ${SESSIONS}`;

/** Every live session of every user, for the ownership index. */
export interface ElizaSessionSource {
  /** One GET of the global list, parsed as it arrives; yields the sessions one by one. */
  all(signal?: AbortSignal): AsyncGenerator<ElizaSession, void, undefined>;
}

/**
 * The global list (no paging, no filter: every live session of every user) read as a stream, so
 * its size is bounded by `limits` and not by the response cap of ordinary calls. Sent once,
 * never retried; an item that does not parse fails the whole pass rather than being skipped.
 */
export class ElizaSessionStream implements ElizaSessionSource {
  private readonly limits: JsonArrayLimits;
  private readonly http: HttpClient;

  constructor(transport: UpstreamTransport, limits: Partial<JsonArrayLimits> = {}) {
    this.http = new HttpClient({ ...transport, service: 'eliza', mapError: mapElizaError });
    this.limits = { ...JSON_ARRAY_DEFAULTS, ...limits };
  }

  async *all(signal?: AbortSignal): AsyncGenerator<ElizaSession, void, undefined> {
    const items = this.http.streamBody(
      { method: 'GET', template: SESSIONS, signal },
      jsonArrayKind('sessions', this.limits, { service: 'eliza', operation: OPERATION }),
    );
    for await (const raw of items) {
      const parsed = sessionInfoSchema.safeParse(raw);
      if (!parsed.success) {
        throw new UpstreamError({
          service: 'eliza',
          kind: 'UPSTREAM_BAD_RESPONSE',
          status: 200,
          retryable: true,
          operation: OPERATION,
          cause: new Error('a listed session does not match the expected shape'),
        });
      }
      yield mapSessionInfo(parsed.data);
    }
  }
}
