import { responsePathAsArray } from 'graphql';
import { requireCaller } from '../context/context.js';
import { parseConnectionArgs } from '../domain/connection-args.js';
import { sessionListCursors } from '../domain/cursor.js';
import { InputError } from '../errors/classes.js';
import { elizaMatches, filterKey, pageSessions } from '../domain/session-list.js';
import { builder } from './builder.js';
import { listChatSessions, loadChatSession, prefetchAgentWindows } from './chat-plan.js';
import { decodeGlobalId, loadNodeOf, tagged } from './node.js';
import { MessageConnection, ProviderEnum, SessionRef } from './refs.js';

export const MAX_SEARCH_LENGTH = 200;

/** The descriptions of the interface's fields, which `ChatSession` and `AgentSession` repeat. */
export const SESSION_FIELD_DOCS = {
  title: 'Sumvin: the session title. Eliza: `metadata.title` when it is a string.',
  lastActivityAt: 'Sumvin: when the session last changed. Eliza: the last activity that kept it alive.',
  messageCount: 'How many messages the session has, where the upstream says (Sumvin); null for Eliza.',
  messages:
    'Messages, oldest first. `last: 20` without a cursor gives the newest 20. Page sizes are 0..100; ' +
    'first and last cannot be combined.',
} as const;

/**
 * The fields every session has; each session type resolves them for its provider. Sessions reach
 * this interface tagged with their type (see node.ts), so it needs no `resolveType`.
 */
SessionRef.implement({
  description: 'A conversation on either provider.',
  interfaces: [builder.nodeInterfaceRef()],
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum }),
    title: t.string({ nullable: true, description: SESSION_FIELD_DOCS.title }),
    createdAt: t.field({ type: 'DateTime' }),
    lastActivityAt: t.field({ type: 'DateTime', description: SESSION_FIELD_DOCS.lastActivityAt }),
    messageCount: t.int({ nullable: true, description: SESSION_FIELD_DOCS.messageCount }),
    messages: t.field({
      type: MessageConnection,
      description: SESSION_FIELD_DOCS.messages,
      args: t.arg.connectionArgs(),
    }),
  }),
});

const SessionConnection = builder.connectionObject(
  { type: SessionRef, name: 'SessionConnection', description: 'Sessions, most recent activity first.' },
  { name: 'SessionEdge' },
);

builder.queryFields((t) => ({
  session: t.field({
    type: SessionRef,
    nullable: true,
    description: 'One session by global id. Unknown ids and other users’ sessions give NOT_FOUND.',
    args: { id: t.arg.id() },
    resolve: async (_root, args, ctx, info) => {
      const { typename, id } = decodeGlobalId(String(args.id));
      if (typename === 'ChatSession') return tagged('ChatSession', await loadChatSession(id, ctx, info));
      if (typename !== 'AgentSession') throw new InputError('id', 'not the id of a session');
      prefetchAgentWindows(id, ctx, info);
      return loadNodeOf(typename, id, ctx);
    },
  }),
  sessions: t.field({
    type: SessionConnection,
    description:
      'The caller’s sessions on both providers, most recent activity first. When one provider fails, ' +
      'the page holds the other’s sessions and `errors` says which provider failed.',
    args: {
      ...t.arg.connectionArgs(),
      provider: t.arg({ type: ProviderEnum, required: false, description: 'Only this provider’s sessions.' }),
      search: t.arg.string({
        required: false,
        description: `Sumvin: its search over titles and message text. Eliza: a match in title or metadata. At most ${MAX_SEARCH_LENGTH} characters.`,
      }),
    },
    resolve: async (_root, args, ctx, info) => {
      const caller = requireCaller(ctx);
      const search = args.search ?? null;
      if (search !== null && search.length > MAX_SEARCH_LENGTH) {
        throw new InputError('search', `must be at most ${MAX_SEARCH_LENGTH} characters`);
      }
      const provider = args.provider ?? null;
      const fKey = filterKey(provider, search);
      const req = parseConnectionArgs(args, (c, f) => sessionListCursors.decode(c, f, fKey));
      const failures: unknown[] = [];
      const page = await pageSessions(req, fKey, {
        sumvin:
          provider === 'eliza'
            ? null
            : async (offset, limit, purpose) => {
                const page = await listChatSessions(ctx, info, { offset, limit, q: search ?? undefined, countOnly: purpose === 'count' });
                for (const s of page.items) tagged('ChatSession', s);
                return page;
              },
        eliza:
          provider === 'sumvin'
            ? null
            : async () => {
                const mine = await ctx.loaders.eliza.ownSessions();
                const found = search ? mine.filter((s) => elizaMatches(s, search)) : mine;
                return found.map((s) => tagged('AgentSession', s));
              },
        onSourceError: (_source, err) => failures.push(err),
      });
      // Both providers down: nothing to show, so the field fails as a whole.
      if (failures.length > 0 && failures.length === (provider === null ? 2 : 1)) throw failures[0];
      for (const err of failures) ctx.reportError(err, responsePathAsArray(info.path));
      return page;
    },
  }),
}));
