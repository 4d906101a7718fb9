import type { GraphQLResolveInfo } from 'graphql';
import { requireCaller, sumvinCallerOf } from '../context/context.js';
import { parseConnectionArgs } from '../domain/connection-args.js';
import { elizaMessageCursors, sessionListCursors, sumvinMessageCursors } from '../domain/cursor.js';
import { InputError } from '../errors/classes.js';
import { pageElizaMessages, pageSumvinMessages } from '../domain/message-pages.js';
import { elizaMatches, elizaTitle, filterKey, isElizaSession, pageSessions } from '../domain/session-list.js';
import { builder, decodeGlobalId } from './builder.js';
import { MessageRef, ProviderEnum, SessionRef } from './refs.js';

export const MAX_SEARCH_LENGTH = 200;

function pathToArray(path: GraphQLResolveInfo['path'] | undefined): Array<string | number> {
  const out: Array<string | number> = [];
  for (let p = path; p; p = p.prev) out.unshift(p.key);
  return out;
}

const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection', description: 'Messages in chronological order.' },
  { name: 'MessageEdge' },
);

SessionRef.implement({
  description: 'A conversation on either provider.',
  interfaces: [builder.nodeInterfaceRef()],
  resolveType: (s) => (isElizaSession(s) ? 'AgentSession' : 'ChatSession'),
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, nullable: false, resolve: (s) => (isElizaSession(s) ? 'eliza' : 'sumvin') }),
    title: t.string({
      nullable: true,
      description: 'Sumvin: the session title. Eliza: `metadata.title` when it is a string.',
      resolve: (s) => (isElizaSession(s) ? elizaTitle(s) : s.title),
    }),
    createdAt: t.field({ type: 'DateTime', nullable: false, resolve: (s) => s.createdAt }),
    lastActivityAt: t.field({
      type: 'DateTime',
      nullable: false,
      description: 'Sumvin: when the session last changed. Eliza: the last activity that kept it alive.',
      resolve: (s) => (isElizaSession(s) ? s.lastActivity : s.updatedAt),
    }),
    messageCount: t.int({
      nullable: true,
      description: 'How many messages the session has, where the upstream says (Sumvin); null for Eliza.',
      resolve: (s) => (isElizaSession(s) ? null : s.messageCount),
    }),
    messages: t.field({
      type: MessageConnection,
      nullable: true,
      description:
        'Messages, oldest first. `last: 20` without a cursor gives the newest 20. Page sizes are 0..100; ' +
        'first and last cannot be combined.',
      args: { ...t.arg.connectionArgs() },
      resolve: async (s, args, ctx) => {
        if (isElizaSession(s)) {
          const id = s.sessionId;
          const req = parseConnectionArgs(args, (c, f) => elizaMessageCursors.decode(c, f, id));
          return pageElizaMessages(req, id, (a) => ctx.loaders.eliza.messages.load({ sessionId: id, ...a }));
        }
        const id = s.id;
        const req = parseConnectionArgs(args, (c, f) => sumvinMessageCursors.decode(c, f, id));
        return pageSumvinMessages(req, id, s.messageCount, (offset, limit) =>
          ctx.loaders.sumvin.messages.load({ sessionId: id, offset, limit }),
        );
      },
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
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      const { typename, id } = decodeGlobalId(String(args.id));
      if (typename === 'ChatSession') return ctx.loaders.sumvin.session.load(id);
      if (typename === 'AgentSession') return ctx.loaders.eliza.session.load(id);
      throw new InputError('id', 'not the id of a session');
    },
  }),
  sessions: t.field({
    type: SessionConnection,
    nullable: true,
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
            : async (offset, limit) => {
                const page = await ctx.clients.sumvin.listSessions(
                  sumvinCallerOf(caller),
                  { offset, limit, ...(search ? { q: search } : {}) },
                  ctx.signal,
                );
                ctx.loaders.sumvin.primeSessions(page.items);
                return page;
              },
        eliza:
          provider === 'sumvin'
            ? null
            : async () => {
                const mine = await ctx.loaders.eliza.ownSessions();
                return search ? mine.filter((s) => elizaMatches(s, search)) : mine;
              },
        onSourceError: (_source, err) => failures.push(err),
      });
      // Both providers down: nothing to show, so the field fails as a whole.
      if (failures.length > 0 && failures.length === (provider === null ? 2 : 1)) throw failures[0];
      for (const err of failures) ctx.reportError(err, pathToArray(info.path));
      return page;
    },
  }),
}));
