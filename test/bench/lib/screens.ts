/**
 * The bench works, named for the screens of a chat app. Each has a facade query, a direct REST
 * client doing the same work with the fewest upstream calls, and the lower bound of calls and
 * sequential round trips for that work (the direct client meets it).
 */
import type { Pool } from 'undici';
import { sumvinMessageCursors } from '../../../src/domain/cursor.js';
import { encodeGlobalId } from '../../../src/schema/node.js';
import { call, graphqlOp, type Operation } from './load.js';
import type { UpstreamsReady } from './protocol.js';

export interface ScreenTargets {
  facade: Pool;
  /** A pool of 100 connections to the facade, for the memory step. */
  wide?: Pool;
  facadePath: string;
  sumvin: Pool;
  eliza: Pool;
  token: string;
  /** Sumvin session ids of the bench user, newest first, and their global ids. */
  sumvinIds: string[];
  sumvinGlobalIds: string[];
  elizaIds: string[];
  elizaGlobalIds: string[];
  /** The cursor of the oldest message on the "open a conversation" page (first Sumvin session). */
  scrollCursor: string;
  /** Offset in that session where "scroll back" ends (exclusive). */
  scrollOffset: number;
}

/** The targets of the works for the bench user the upstreams process seeded, given the pools to use. */
export function screenTargets(up: UpstreamsReady, pools: Pick<ScreenTargets, 'facade' | 'facadePath' | 'sumvin' | 'eliza' | 'wide'>): ScreenTargets {
  const scrollOffset = Math.max(0, up.sumvinMessagesPerSession - CONVERSATION_PAGE);
  return {
    ...pools,
    token: up.token,
    sumvinIds: up.sumvinSessionIds,
    sumvinGlobalIds: up.sumvinSessionIds.map((id) => encodeGlobalId('ChatSession', id)),
    elizaIds: up.elizaSessionIds,
    elizaGlobalIds: up.elizaSessionIds.map((id) => encodeGlobalId('AgentSession', id)),
    scrollCursor: sumvinMessageCursors.encode(up.sumvinSessionIds[0]!, scrollOffset),
    scrollOffset,
  };
}

export interface LowerBound {
  calls: number;
  roundTrips: number;
  why: string;
}

export interface Screen {
  key: string;
  title: string;
  bound: LowerBound;
  facade(t: ScreenTargets): Operation;
  direct(t: ScreenTargets): Operation;
}

export const INBOX_SIZE = 20;
export const INBOX_LAST = 3;
export const CONVERSATION_PAGE = 50;
export const DEEP_LINK_NODES = 10;

type Json = Record<string, unknown>;
const sumvinGet = (t: ScreenTargets, path: string) =>
  call(t.sumvin, { method: 'GET', path, headers: { 'x-juno-jwt': t.token } }).then((s) => JSON.parse(s) as Json);
const elizaGet = (t: ScreenTargets, path: string) => call(t.eliza, { method: 'GET', path, headers: {} }).then((s) => JSON.parse(s) as Json);

/** The direct client's inbox: both lists at once, merged by activity; with messages, Sumvin's come expanded. */
async function directInbox(t: ScreenTargets, withMessages: boolean): Promise<void> {
  const [chat, agent] = await Promise.all([
    sumvinGet(t, `/v0/chat/sessions?offset=0&limit=${INBOX_SIZE}${withMessages ? '&expand=messages' : ''}`),
    elizaGet(t, '/api/messaging/sessions'),
  ]);
  const shown = [
    ...(chat['sessions'] as Json[]).map((s) => ({ eliza: false, id: String(s['id']), at: Number(s['updated_at']) })),
    ...(agent['sessions'] as Json[]).map((s) => ({ eliza: true, id: String(s['sessionId']), at: Date.parse(String(s['lastActivity'])) })),
  ]
    .sort((a, b) => b.at - a.at)
    .slice(0, INBOX_SIZE);
  if (!withMessages) return;
  await Promise.all(
    shown.filter((s) => s.eliza).map((s) => elizaGet(t, `/api/messaging/sessions/${s.id}/messages?limit=${INBOX_LAST}`)),
  );
}

const MESSAGE_FIELDS = 'edges { cursor node { id role text createdAt } } pageInfo { hasPreviousPage startCursor }';

export const SCREENS: Screen[] = [
  {
    key: 'inbox',
    title: `inbox: ${INBOX_SIZE} sessions, both providers`,
    bound: { calls: 2, roundTrips: 1, why: 'one list call per provider, together' },
    facade: (t) =>
      graphqlOp(t.facade, t.facadePath, t.token, `query Inbox { sessions(first: ${INBOX_SIZE}) { edges { cursor node { __typename id title lastActivityAt } } pageInfo { hasNextPage endCursor } } }`),
    direct: (t) => () => directInbox(t, false),
  },
  {
    key: 'inbox-last3',
    title: `inbox with the last ${INBOX_LAST} messages of each`,
    bound: {
      calls: 2 + 10,
      roundTrips: 2,
      why: 'Sumvin list with expand=messages and Eliza list together, then one messages call per Eliza session shown (10)',
    },
    facade: (t) =>
      graphqlOp(
        t.facade,
        t.facadePath,
        t.token,
        `query InboxLast3 { sessions(first: ${INBOX_SIZE}) { edges { cursor node { __typename id title lastActivityAt messages(last: ${INBOX_LAST}) { edges { node { id role text } } } } } pageInfo { hasNextPage endCursor } } }`,
      ),
    direct: (t) => () => directInbox(t, true),
  },
  {
    key: 'open',
    title: `open a conversation: session + newest ${CONVERSATION_PAGE}`,
    bound: { calls: 1, roundTrips: 1, why: 'GET session?expand=messages' },
    facade: (t) =>
      graphqlOp(t.facade, t.facadePath, t.token, `query Open($id: ID!) { session(id: $id) { id title messages(last: ${CONVERSATION_PAGE}) { ${MESSAGE_FIELDS} } } }`, {
        id: t.sumvinGlobalIds[0],
      }),
    direct: (t) => async () => {
      const body = await sumvinGet(t, `/v0/chat/sessions/${encodeURIComponent(t.sumvinIds[0]!)}?expand=messages`);
      ((body['session'] as Json)['messages'] as Json[]).slice(-CONVERSATION_PAGE);
    },
  },
  {
    key: 'scroll',
    title: `scroll back ${CONVERSATION_PAGE} before a cursor`,
    bound: { calls: 1, roundTrips: 1, why: 'GET messages at the offset the cursor holds' },
    facade: (t) =>
      graphqlOp(
        t.facade,
        t.facadePath,
        t.token,
        `query Scroll($id: ID!, $before: String!) { session(id: $id) { messages(last: ${CONVERSATION_PAGE}, before: $before) { ${MESSAGE_FIELDS} } } }`,
        { id: t.sumvinGlobalIds[0], before: t.scrollCursor },
      ),
    direct: (t) => async () => {
      const start = Math.max(0, t.scrollOffset - CONVERSATION_PAGE);
      await sumvinGet(t, `/v0/chat/sessions/${encodeURIComponent(t.sumvinIds[0]!)}/messages?offset=${start}&limit=${t.scrollOffset - start}`);
    },
  },
  {
    key: 'deep-link',
    title: `deep link: ${DEEP_LINK_NODES} mixed nodes`,
    bound: {
      calls: DEEP_LINK_NODES / 2 + 1,
      roundTrips: 1,
      why: 'one GET per Sumvin session (no batch read by id) and one Eliza list for all five, together',
    },
    facade: (t) =>
      graphqlOp(t.facade, t.facadePath, t.token, `query DeepLink($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Session { title lastActivityAt } } }`, {
        ids: deepLinkIds(t).map((d) => d.globalId),
      }),
    direct: (t) => async () => {
      const links = deepLinkIds(t);
      const [agents] = await Promise.all([
        elizaGet(t, '/api/messaging/sessions'),
        ...links.filter((d) => !d.eliza).map((d) => sumvinGet(t, `/v0/chat/sessions/${encodeURIComponent(d.id)}`)),
      ]);
      const wanted = new Set(links.filter((d) => d.eliza).map((d) => d.id));
      (agents['sessions'] as Json[]).filter((s) => wanted.has(String(s['sessionId'])));
    },
  },
  {
    key: 'talk',
    title: 'talk: send to an agent and wait for the reply',
    bound: { calls: 1, roundTrips: 1, why: 'one POST that answers with the reply (ownership known from earlier reads)' },
    facade: (t) =>
      graphqlOp(
        t.facade,
        t.facadePath,
        t.token,
        `mutation Talk($input: SendAgentMessageInput!) { sendAgentMessage(input: $input) { userMessage { id } reply { id text } } }`,
        { input: { sessionId: t.elizaGlobalIds[1], text: 'What is next?' } },
      ),
    direct: (t) => async () => {
      await call(t.eliza, {
        method: 'POST',
        path: `/api/messaging/sessions/${t.elizaIds[1]}/messages`,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'What is next?', transport: 'http' }),
      });
    },
  },
];

/** Five Sumvin and five Eliza sessions, interleaved. */
function deepLinkIds(t: ScreenTargets): Array<{ eliza: boolean; id: string; globalId: string }> {
  const out: Array<{ eliza: boolean; id: string; globalId: string }> = [];
  for (let i = 0; out.length < DEEP_LINK_NODES; i++) {
    out.push({ eliza: false, id: t.sumvinIds[i]!, globalId: t.sumvinGlobalIds[i]! });
    out.push({ eliza: true, id: t.elizaIds[i]!, globalId: t.elizaGlobalIds[i]! });
  }
  return out;
}

/**
 * Sequential round trips of one operation, from the upstream requests' start and end times: the
 * longest chain of requests where each starts after the previous one has been answered.
 */
export function roundTrips(spans: Array<{ start: number; end: number }>): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const depth: number[] = [];
  let best = 0;
  for (let i = 0; i < sorted.length; i++) {
    let d = 1;
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= sorted[i]!.start) d = Math.max(d, depth[j]! + 1);
    depth.push(d);
    best = Math.max(best, d);
  }
  return best;
}
