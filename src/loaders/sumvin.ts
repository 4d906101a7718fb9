import { MeasuredLoader as DataLoader } from './measured.js';
import type { OffsetPage, SumvinApi, SumvinCaller, SumvinMessage, SumvinSession } from '../upstream/sumvin/types.js';
import { UpstreamError } from '../errors/classes.js';
import type { SumvinMessages } from '../upstream/sumvin/types.js';

/** Most concurrent single-item calls one batch may fan out to. */
export const MAX_FAN_OUT = 10;
const MAX_WINDOW = 100;

export interface MessageWindowKey {
  sessionId: string;
  offset: number;
  limit: number;
}

export interface SumvinLoaders {
  session: DataLoader<string, SumvinSession>;
  /** The session with all its messages (`expand=messages`), for message lookups by id. */
  sessionWithMessages: DataLoader<string, SumvinSession>;
  /** One window of a session's messages in sequence order, with the session's total. */
  messages: DataLoader<MessageWindowKey, OffsetPage<SumvinMessage>, string>;
  /**
   * The session with all its messages if the answer stays within `maxBytes` (one call); null when
   * it is longer (then nothing is kept and the caller reads the session and windows instead).
   */
  expandedSession(id: string, maxBytes: number): Promise<SumvinSession | null>;
  /** Sessions from a list; those that carry their messages (`expand=messages`) serve every window. */
  primeSessions(sessions: SumvinSession[]): void;
  forgetSession(id: string): void;
}

/** An expanded answer over its byte cap (the plan falls back to reading without messages). */
export function isOverCap(e: unknown): boolean {
  if (!(e instanceof UpstreamError) || e.kind !== 'UPSTREAM_BAD_RESPONSE') return false;
  for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
    if (c.name === 'BadBody' && c.message.includes('over cap')) return true;
  }
  return false;
}

interface Range {
  offset: number;
  end: number;
  keys: MessageWindowKey[];
}

/** Joins overlapping or touching windows of one session while the union stays within one call. */
export function mergeWindows(keys: MessageWindowKey[]): Range[] {
  const sorted = [...keys].sort((a, b) => a.offset - b.offset || a.limit - b.limit);
  const ranges: Range[] = [];
  for (const key of sorted) {
    const end = key.offset + key.limit;
    const last = ranges[ranges.length - 1];
    if (last && key.offset <= last.end && Math.max(last.end, end) - last.offset <= MAX_WINDOW) {
      last.end = Math.max(last.end, end);
      last.keys.push(key);
    } else {
      ranges.push({ offset: key.offset, end, keys: [key] });
    }
  }
  return ranges;
}

const windowKey = (k: MessageWindowKey) => `${k.sessionId}\u0000${k.offset}\u0000${k.limit}`;

export function createSumvinLoaders(api: SumvinApi, caller: () => SumvinCaller, signal?: AbortSignal): SumvinLoaders {
  /** All messages of sessions read with `expand=messages`, in sequence order. */
  const expanded = new Map<string, SumvinMessages>();
  const expandedReads = new Map<string, Promise<SumvinSession | null>>();
  const keep = (s: SumvinSession) => {
    if (s.messages) expanded.set(s.id, s.messages);
    session.clear(s.id).prime(s.id, s);
  };
  const session = new DataLoader<string, SumvinSession>(
    (ids) => Promise.all(ids.map((id) => api.getSession(caller(), id, {}, signal).catch((e: unknown) => toError(e)))),
    { name: 'sumvin.session', maxBatchSize: MAX_FAN_OUT },
  );
  const sessionWithMessages = new DataLoader<string, SumvinSession>(
    (ids) =>
      Promise.all(
        ids.map((id) =>
          api.getSession(caller(), id, { expandMessages: true }, signal).then(
            (s) => {
              keep(s);
              return s;
            },
            (e: unknown) => toError(e),
          ),
        ),
      ),
    { name: 'sumvin.sessionWithMessages', maxBatchSize: MAX_FAN_OUT },
  );
  const messages = new DataLoader<MessageWindowKey, OffsetPage<SumvinMessage>, string>(
    async (keys) => {
      const bySession = new Map<string, MessageWindowKey[]>();
      for (const k of keys) bySession.set(k.sessionId, [...(bySession.get(k.sessionId) ?? []), k]);
      const results = new Map<string, OffsetPage<SumvinMessage> | Error>();
      const calls: Promise<void>[] = [];
      for (const [sessionId, sessionKeys] of bySession) {
        const all = expanded.get(sessionId);
        if (all) {
          for (const k of sessionKeys) {
            try {
              results.set(windowKey(k), { items: all.slice(k.offset, k.offset + k.limit), total: all.length, offset: k.offset, limit: k.limit });
            } catch (e) {
              results.set(windowKey(k), toError(e));
            }
          }
          continue;
        }
        for (const range of mergeWindows(sessionKeys)) {
          calls.push(
            api.listMessages(caller(), sessionId, { offset: range.offset, limit: range.end - range.offset }, signal).then(
              (page) => {
                for (const k of range.keys) {
                  const from = k.offset - range.offset;
                  results.set(windowKey(k), {
                    items: page.items.slice(from, from + k.limit),
                    total: page.total,
                    offset: k.offset,
                    limit: k.limit,
                  });
                }
              },
              (e: unknown) => {
                for (const k of range.keys) results.set(windowKey(k), toError(e));
              },
            ),
          );
        }
      }
      await Promise.all(calls);
      return keys.map((k) => results.get(windowKey(k)) ?? new Error('window not loaded'));
    },
    { name: 'sumvin.messages', cacheKeyFn: windowKey, maxBatchSize: MAX_FAN_OUT * MAX_WINDOW },
  );
  return {
    session,
    sessionWithMessages,
    messages,
    expandedSession(id, maxBytes) {
      let read = expandedReads.get(id);
      if (!read) {
        read = api.getSession(caller(), id, { expandMessages: true, maxBytes }, signal).then(
          (s) => {
            keep(s);
            sessionWithMessages.clear(id).prime(id, s);
            return s;
          },
          (e: unknown) => {
            if (isOverCap(e)) return null;
            throw e;
          },
        );
        expandedReads.set(id, read);
      }
      return read;
    },
    primeSessions(sessions) {
      for (const s of sessions) keep(s);
    },
    forgetSession(id) {
      expanded.delete(id);
      expandedReads.delete(id);
      session.clear(id);
      sessionWithMessages.clear(id);
      messages.clearAll();
    },
  };
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}
