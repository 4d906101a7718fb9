/** The operations the bench measures: one REST baseline, facade queries, and the naive N+1 script. */
import type { Pool } from 'undici';
import { call, graphqlOp, type Operation } from './load.js';
import { naiveListOp } from './naive.js';

export const LAST_MESSAGES_IN_LIST = 3;
export const NEWEST_MESSAGES = 10;

export const QUERIES = {
  session: `query Session($id: ID!) { session(id: $id) { title } }`,
  sessionMessages: `query SessionMessages($id: ID!) { session(id: $id) { title messages(last: ${NEWEST_MESSAGES}) { edges { node { id role text } } } } }`,
  list: `query List($first: Int!) { sessions(first: $first) { edges { node { __typename id title } } } }`,
  listMessages: `query ListMessages($first: Int!) { sessions(first: $first) { edges { node { __typename id title messages(last: ${LAST_MESSAGES_IN_LIST}) { edges { node { role text } } } } } } }`,
} as const;

export interface Targets {
  facade: Pool;
  facadePath: string;
  sumvin: Pool;
  eliza: Pool;
  token: string;
  /** Global id and Sumvin id of the session the single-session operations read. */
  globalId: string;
  sessionId: string;
}

export type Shape =
  | 'direct'
  | 'session'
  | 'sessionMessages'
  | { list: number }
  | { listMessages: number }
  | { naive: number };

export function operation(t: Targets, shape: Shape): Operation {
  if (shape === 'direct') {
    const path = `/v0/chat/sessions/${encodeURIComponent(t.sessionId)}`;
    const headers = { 'x-juno-jwt': t.token };
    return async () => {
      await call(t.sumvin, { method: 'GET', path, headers });
    };
  }
  if (shape === 'session' || shape === 'sessionMessages') {
    return graphqlOp(t.facade, t.facadePath, t.token, QUERIES[shape], { id: t.globalId });
  }
  if ('list' in shape) return graphqlOp(t.facade, t.facadePath, t.token, QUERIES.list, { first: shape.list });
  if ('listMessages' in shape) return graphqlOp(t.facade, t.facadePath, t.token, QUERIES.listMessages, { first: shape.listMessages });
  return naiveListOp({ sumvin: t.sumvin, eliza: t.eliza }, t.token, shape.naive, LAST_MESSAGES_IN_LIST);
}

/** Which providers' sessions a merged-list answer shows. */
export async function listMix(t: Targets, first: number): Promise<{ chat: number; agent: number }> {
  const text = await call(t.facade, {
    method: 'POST',
    path: t.facadePath,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${t.token}` },
    body: JSON.stringify({ query: QUERIES.list, variables: { first } }),
  });
  const body = JSON.parse(text) as { data?: { sessions: { edges: Array<{ node: { __typename: string } }> } }; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`list query failed: ${text.slice(0, 300)}`);
  const names = body.data.sessions.edges.map((e) => e.node.__typename);
  return { chat: names.filter((n) => n === 'ChatSession').length, agent: names.filter((n) => n === 'AgentSession').length };
}

export interface TimedScenario {
  key: string;
  title: string;
  shape: Shape;
  /** Upstream latency for this run; the configured latency when absent. */
  latencyMs?: number;
  viaFacade: boolean;
}

export function timedScenarios(): TimedScenario[] {
  return [
    { key: 'direct', title: '1 direct REST GET session', shape: 'direct', viaFacade: false },
    { key: 'session', title: '2 facade session { title }', shape: 'session', viaFacade: true },
    { key: 'session-messages', title: `3 facade session + last ${NEWEST_MESSAGES} messages`, shape: 'sessionMessages', viaFacade: true },
    { key: 'list-10', title: `4a facade sessions(first: 10) + last ${LAST_MESSAGES_IN_LIST}`, shape: { listMessages: 10 }, viaFacade: true },
    { key: 'list-20', title: `4b facade sessions(first: 20) + last ${LAST_MESSAGES_IN_LIST}`, shape: { listMessages: 20 }, viaFacade: true },
    { key: 'naive-10', title: `4c naive N+1 REST, 10 sessions + last ${LAST_MESSAGES_IN_LIST}`, shape: { naive: 10 }, viaFacade: false },
    { key: 'cpu', title: '5 facade session { title }, latency 0', shape: 'session', latencyMs: 0, viaFacade: true },
  ];
}

/** Shapes whose upstream calls per query are counted exactly (a few sequential requests each). */
export const CALL_SHAPES: Array<{ label: string; shape: Shape; first?: number }> = [
  { label: 'direct REST GET session', shape: 'direct' },
  { label: 'session { title }', shape: 'session' },
  { label: `session + last ${NEWEST_MESSAGES} messages`, shape: 'sessionMessages' },
  { label: 'sessions(first: 10) { title }', shape: { list: 10 }, first: 10 },
  { label: 'sessions(first: 20) { title }', shape: { list: 20 }, first: 20 },
  { label: 'sessions(first: 50) { title }', shape: { list: 50 }, first: 50 },
  { label: `sessions(first: 10) + last ${LAST_MESSAGES_IN_LIST}`, shape: { listMessages: 10 }, first: 10 },
  { label: `sessions(first: 20) + last ${LAST_MESSAGES_IN_LIST}`, shape: { listMessages: 20 }, first: 20 },
  { label: `naive N+1, 10 sessions + last ${LAST_MESSAGES_IN_LIST}`, shape: { naive: 10 }, first: 10 },
  { label: `naive N+1, 20 sessions + last ${LAST_MESSAGES_IN_LIST}`, shape: { naive: 20 }, first: 20 },
];
