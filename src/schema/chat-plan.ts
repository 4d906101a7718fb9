import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import { requireCaller, sumvinCallerOf, type Context } from '../context/context.js';
import { parseConnectionArgs } from '../domain/connection-args.js';
import { elizaMessageCursors, sumvinMessageCursors } from '../domain/cursor.js';
import { elizaWindow } from '../domain/message-pages.js';
import {
  EXPAND_LIST_MAX_BYTES,
  EXPAND_SESSION_MAX_BYTES,
  FIELDS_FROM_ID,
  planSessionList,
  planSessionRead,
  sumvinWindow,
  type OffsetPageRequest,
} from '../domain/plan.js';
import { isOverCap } from '../loaders/sumvin.js';
import type { OffsetPage, SumvinSession } from '../upstream/sumvin/types.js';
import { selectedFields } from './selection.js';

/*
 * Carries out the read planner's decisions (domain/plan.ts) for Sumvin: what an operation selects
 * on a session or a list of sessions decides which calls are made, and which start together.
 */

/** What the planner reads from a resolver's `info`. */
export type PlanInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues' | 'schema'>;
type Info = PlanInfo;

/** Type conditions under which a selection applies to a chat session (and the list around it). */
const CHAT_TYPES: ReadonlySet<string> = new Set(['ChatSession', 'Session', 'Node', 'SessionConnection', 'SessionEdge']);

const AGENT_TYPES: ReadonlySet<string> = new Set(['AgentSession', 'Session', 'Node']);

/**
 * `session(id)` for an agent session: the windows its `messages` selections read start together
 * with the session's own read (when the index says the caller owns it), one round trip for both.
 */
export function prefetchAgentWindows(id: string, ctx: Context, info: Info): void {
  const def = (info.schema.getType('AgentSession') as GraphQLObjectType).getFields()['messages']!;
  const keys: Array<{ sessionId: string; limit: number; before?: number; after?: number }> = [];
  for (const f of selectedFields(info, [], AGENT_TYPES)) {
    if (f.name.value !== 'messages') continue;
    try {
      const req = parseConnectionArgs(getArgumentValues(def, f, info.variableValues), (c, field) => elizaMessageCursors.decode(c, field, id));
      const window = elizaWindow(req);
      if (window) keys.push({ sessionId: id, ...window });
    } catch {
      // the field reports its own bad arguments
    }
  }
  ctx.loaders.eliza.prefetchMessages(keys);
}

/** Sessions the operation did not read (only their messages were asked for): their count is unknown. */
const unread = new WeakSet<SumvinSession>();

/** The session's message count as far as this operation knows it. */
export const knownCount = (s: SumvinSession): number | null => (unread.has(s) ? null : s.messageCount);

/** The parsed arguments of each `messages` selection; null where they do not parse (the field reports it). */
function windowsOf(fields: readonly FieldNode[], info: Info, sessionId: string): Array<OffsetPageRequest | null> {
  const def = (info.schema.getType('ChatSession') as GraphQLObjectType).getFields()['messages']!;
  return fields
    .filter((f) => f.name.value === 'messages')
    .map((f) => {
      try {
        return parseConnectionArgs(getArgumentValues(def, f, info.variableValues), (c, field) => sumvinMessageCursors.decode(c, field, sessionId));
      } catch {
        return null;
      }
    });
}

/** Whether messages read below these `messages` selections ask for their session's own fields. */
function messagesAskForSession(fields: readonly FieldNode[], info: Info): boolean {
  const messages = fields.filter((f) => f.name.value === 'messages');
  const types = new Set(['MessageConnection', 'MessageEdge', 'Message', 'Node']);
  return [['edges', 'node'], ['nodes']].some((path) =>
    selectedFields(info, path, types, messages).some((f) => f.name.value === 'session'),
  );
}

/**
 * `session(id)` for a Sumvin session, planned from its selection: the session GET alone, the
 * session GET with the message windows started at the same time, the windows alone, or one
 * `GET session?expand=messages` when a window needs the count.
 */
export async function loadChatSession(id: string, ctx: Context, info: Info): Promise<SumvinSession> {
  const fields = selectedFields(info, [], CHAT_TYPES);
  const windows = windowsOf(fields, info, id);
  const sessionFields =
    fields.some((f) => f.name.value !== 'messages' && !FIELDS_FROM_ID.has(f.name.value)) || messagesAskForSession(fields, info);
  let plan = planSessionRead({ sessionFields, windows });
  if (plan === 'expand') {
    // an expanded read takes its share of the process's budget for large answers; when that is
    // spent, the session GET (and then the window, placed from its count) instead
    if (ctx.reserveLargeRead(EXPAND_SESSION_MAX_BYTES)) {
      return (await ctx.loaders.sumvin.expandedSession(id, EXPAND_SESSION_MAX_BYTES)) ?? ctx.loaders.sumvin.session.load(id);
    }
    plan = 'get';
  }
  // windows placed without the count start now, together with the session GET if there is one
  const loads: Promise<unknown>[] = [];
  for (const w of windows) {
    const window = w && sumvinWindow(w, null);
    if (window && window !== 'count' && window.limit > 0) loads.push(ctx.loaders.sumvin.messages.load({ sessionId: id, ...window }));
  }
  if (plan === 'get') {
    for (const p of loads) p.catch(() => undefined); // the messages field reports its own failure
    return ctx.loaders.sumvin.session.load(id);
  }
  // only messages: a missing or foreign session fails here, on `session`, as a GET would
  await Promise.all(loads);
  const session: SumvinSession = { id, title: null, preview: null, messageCount: 0, createdAt: 0, updatedAt: 0, svMeta: null, messages: null };
  unread.add(session);
  return session;
}

/**
 * One page of the caller's Sumvin sessions for the merged list: with every message
 * (`expand=messages`, then the windows need no call) when the page selects messages and is small,
 * else the plain list; an expanded answer over its byte cap is dropped for the plain list.
 * `countOnly`: a read for Sumvin's `total` alone, never expanded.
 */
export async function listChatSessions(
  ctx: Context,
  info: Info,
  args: { offset: number; limit: number; q?: string | undefined; countOnly?: boolean },
): Promise<OffsetPage<SumvinSession>> {
  const caller = sumvinCallerOf(requireCaller(ctx));
  const withMessages = !args.countOnly && selectedFields(info, ['edges', 'node'], CHAT_TYPES).some((f) => f.name.value === 'messages');
  const base = { offset: args.offset, limit: args.limit, ...(args.q ? { q: args.q } : {}) };
  let page: OffsetPage<SumvinSession> | null = null;
  if (planSessionList({ withMessages, limit: args.limit }) === 'expand' && ctx.reserveLargeRead(EXPAND_LIST_MAX_BYTES)) {
    page = await ctx.clients.sumvin
      .listSessions(caller, { ...base, expandMessages: true, maxBytes: EXPAND_LIST_MAX_BYTES }, ctx.signal)
      .catch((e: unknown) => {
        if (isOverCap(e)) return null;
        throw e;
      });
  }
  page ??= await ctx.clients.sumvin.listSessions(caller, base, ctx.signal);
  ctx.loaders.sumvin.primeSessions(page.items);
  return page;
}
