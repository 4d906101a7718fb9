import { z } from 'zod';
import { InputError } from '../errors/classes.js';

/**
 * Opaque cursors: base64url of a small JSON object with a kind tag and version. Each connection
 * decodes only its own kind and checks that the cursor belongs to the same list (session,
 * filter), so a cursor from another connection is refused instead of silently misread.
 */

const sumvinMessageCursor = z.object({ v: z.literal(1), k: z.literal('sm'), s: z.string(), o: z.number().int().min(0) });
const elizaMessageCursor = z.object({
  v: z.literal(1),
  k: z.literal('em'),
  s: z.string(),
  t: z.number().int().min(0),
  id: z.string(),
});
const sessionListCursor = z.object({
  v: z.literal(2),
  k: z.literal('sl'),
  f: z.string(),
  t: z.number().int(),
  p: z.enum(['s', 'e']),
  id: z.string(),
  /** How many Sumvin sessions come before this edge in the merged order (a Sumvin edge's own offset). */
  n: z.number().int().min(0),
});

export type SumvinMessageCursor = z.infer<typeof sumvinMessageCursor>;
export type ElizaMessageCursor = z.infer<typeof elizaMessageCursor>;
export type SessionListCursor = z.infer<typeof sessionListCursor>;

const MAX_CURSOR_LENGTH = 1024;

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode<T>(schema: z.ZodType<T>, cursor: string, field: string): T {
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InputError(field, 'malformed cursor');
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError(field, 'malformed cursor');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError(field, 'the cursor does not belong to this connection');
  return parsed.data;
}

export const sumvinMessageCursors = {
  encode: (sessionId: string, offset: number): string => encode({ v: 1, k: 'sm', s: sessionId, o: offset }),
  decode(cursor: string, field: string, sessionId: string): SumvinMessageCursor {
    const c = decode(sumvinMessageCursor, cursor, field);
    if (c.s !== sessionId) throw new InputError(field, 'the cursor does not belong to this connection');
    return c;
  },
};

export const elizaMessageCursors = {
  encode: (sessionId: string, createdAt: number, id: string): string =>
    encode({ v: 1, k: 'em', s: sessionId, t: createdAt, id }),
  decode(cursor: string, field: string, sessionId: string): ElizaMessageCursor {
    const c = decode(elizaMessageCursor, cursor, field);
    if (c.s !== sessionId) throw new InputError(field, 'the cursor does not belong to this connection');
    return c;
  },
};

export const sessionListCursors = {
  encode: (c: Omit<SessionListCursor, 'v' | 'k'>): string => encode({ v: 2, k: 'sl', ...c }),
  decode(cursor: string, field: string, filterKey: string): SessionListCursor {
    const c = decode(sessionListCursor, cursor, field);
    if (c.f !== filterKey) throw new InputError(field, 'the cursor belongs to a list with other filters');
    return c;
  },
};
