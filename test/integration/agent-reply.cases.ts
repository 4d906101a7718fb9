/**
 * `Subscription.agentReply` end to end over real HTTP (GraphQL over SSE), written once as functions
 * over a target and run against our Eliza emulator (agent-reply.test.ts) and the real ElizaOS server
 * (agent-reply.real.test.ts).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { replyIdOf } from '../../src/domain/agent-writes.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { dataOf } from '../support/stack.js';
import { replyCalls, ROUTES, type AgentTarget } from './agent-mutations.cases.js';

export interface ReplyTarget extends AgentTarget {
  /** The facade's `/graphql` on a real HTTP server. */
  url: string;
}

export interface ReplyCase {
  name: string;
  run(t: ReplyTarget): Promise<void>;
}

export const SUBSCRIBE = `subscription Reply($input: AgentReplyInput!) {
  agentReply(input: $input) {
    __typename
    ... on AgentMessageAccepted { userMessage { id messageId role text metadata } }
    ... on AgentReplyChunk { index text }
    ... on AgentReplyCompleted { reply { id messageId role text authorId } session { id renewalCount } }
  }
}`;

interface GqlError {
  message: string;
  path?: string[];
  extensions: Record<string, unknown>;
}
export interface Payload {
  data?: { agentReply: Record<string, any> | null } | null;
  errors?: GqlError[];
}

/** The `next` payloads of a GraphQL-over-SSE response, and whether it ended with `complete`. */
export function nextPayloads(text: string): { payloads: Payload[]; completed: boolean } {
  const payloads: Payload[] = [];
  let completed = false;
  for (const block of text.split('\n\n')) {
    const event = /^event: (.*)$/m.exec(block)?.[1];
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trimStart())
      .join('\n');
    if (event === 'next') payloads.push(JSON.parse(data) as Payload);
    if (event === 'complete') completed = true;
  }
  return { payloads, completed };
}

export async function subscribe(
  t: ReplyTarget,
  input: Record<string, unknown>,
  opts: { as?: string | null; method?: 'GET' | 'POST' } = {},
): Promise<{ status: number; type: string | null; payloads: Payload[]; completed: boolean }> {
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (opts.as !== null) headers.authorization = `Bearer ${await t.stack.token(opts.as ?? 'alice')}`;
  let res: Response;
  if (opts.method === 'GET') {
    const qs = new URLSearchParams({ query: SUBSCRIBE, variables: JSON.stringify({ input }) });
    res = await fetch(`${t.url}?${qs}`, { headers: { ...headers, 'x-graphql-yoga-csrf': '1' } });
  } else {
    res = await fetch(t.url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ query: SUBSCRIBE, variables: { input } }),
    });
  }
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), ...nextPayloads(text) };
}

const CREATE = `mutation($agentId: String!) { createAgentSession(input: { agentId: $agentId }) { session { id upstreamId } } }`;
const HISTORY = `query($id: ID!) { session(id: $id) { messages(last: 10) { edges { node { id role text } } } } }`;

async function createSession(t: ReplyTarget, as = 'alice'): Promise<{ id: string; upstreamId: string }> {
  const res = await t.stack.gql<{ createAgentSession: { session: { id: string; upstreamId: string } } }>(CREATE, { agentId: t.agentId }, { as });
  return dataOf(res).createAgentSession.session;
}

async function history(t: ReplyTarget, id: string, as = 'alice'): Promise<Array<{ id: string; role: string; text: string }>> {
  const res = await t.stack.gql<{ session: { messages: { edges: Array<{ node: { id: string; role: string; text: string } }> } } }>(HISTORY, { id }, { as });
  return dataOf(res).session.messages.edges.map((e) => e.node);
}

/** A response whose one payload is an error: it came before anything was sent. */
function onlyError(r: { payloads: Payload[]; completed: boolean }): GqlError {
  expect(r.completed).toBe(true);
  expect(r.payloads).toHaveLength(1);
  expect(r.payloads[0]!.errors).toHaveLength(1);
  const e = r.payloads[0]!.errors![0]!;
  expect(e.path).toEqual(['agentReply']);
  return e;
}

/** Checks the success stream and returns the accepted user message and the completed reply. */
export function expectReplyStream(t: ReplyTarget, r: Awaited<ReturnType<typeof subscribe>>, text: string) {
  expect(r.status).toBe(200);
  expect(r.type).toMatch(/^text\/event-stream/);
  expect(r.completed).toBe(true);
  for (const p of r.payloads) expect(p.errors, JSON.stringify(p.errors)).toBeUndefined();
  const events = r.payloads.map((p) => p.data!.agentReply!);
  const kinds = events.map((e) => e.__typename);
  expect(kinds[0]).toBe('AgentMessageAccepted');
  expect(kinds[kinds.length - 1]).toBe('AgentReplyCompleted');
  const chunks = events.slice(1, -1);
  for (const [i, c] of chunks.entries()) expect(c).toEqual({ __typename: 'AgentReplyChunk', index: i, text: c.text });
  const accepted = events[0]!;
  const completed = events[events.length - 1]!;
  expect(accepted.userMessage).toMatchObject({ role: 'USER', text });
  expect(completed.reply).toMatchObject({ role: 'ASSISTANT', authorId: t.agentId });
  expect(completed.reply.messageId).not.toBe(replyIdOf(accepted.userMessage.messageId));
  if (chunks.length > 0) expect(chunks.map((c) => c.text).join('')).toBe(completed.reply.text);
  return { accepted, completed, chunks };
}

export const replyCases: ReplyCase[] = [
  {
    name: 'streams accepted, then the reply; both the user message and the reply are stored, under the ids streamed',
    async run(t) {
      const s = await createSession(t);
      t.resetElizaCalls();
      const r = await subscribe(t, { sessionId: s.id, text: 'stream to me please', metadata: { mood: 'curious' } });
      const { accepted, completed, chunks } = expectReplyStream(t, r, 'stream to me please');
      expect(accepted.userMessage.metadata).toMatchObject({ mood: 'curious', sessionId: s.upstreamId });
      if (t.expectedReply) expect(completed.reply.text).toBe(t.expectedReply('stream to me please'));
      // the emulator streams its reply in up to three pieces; the real server's canned model does not stream
      if (t.name === 'emulator') expect(chunks.map((c) => c.text)).toEqual(['TestAgent received: ', 'stream to ', 'me please']);
      // the session as it stands after the message: renewed once
      expect(completed.session).toEqual({ id: s.id, renewalCount: 1 });
      // ownership read, the send, the session read again for `session`
      expect(replyCalls(t.elizaCalls())).toEqual({ [ROUTES.get]: 2, [ROUTES.send]: 1 });
      const msgs = await history(t, s.id);
      expect(msgs).toEqual([
        { id: accepted.userMessage.id, role: 'USER', text: 'stream to me please' },
        { id: completed.reply.id, role: 'ASSISTANT', text: completed.reply.text },
      ]);
    },
  },
  {
    name: 'works as a GET with the CSRF header too',
    async run(t) {
      const s = await createSession(t);
      const r = await subscribe(t, { sessionId: s.id, text: 'via GET' }, { method: 'GET' });
      expectReplyStream(t, r, 'via GET');
    },
  },
  {
    name: 'another user’s session, or an unknown one, is NOT_FOUND and nothing is sent',
    async run(t) {
      const bobs = await createSession(t, 'bob');
      const unknown = encodeGlobalId('AgentSession', '0d7c8a1e-5b2f-4c3d-9e8f-7a6b5c4d3e2f');
      // bob's is refused by the ownership index without a call; the unknown one after one GET
      for (const [sessionId, calls] of [[bobs.id, {}], [unknown, { [ROUTES.get]: 1 }]] as const) {
        t.resetElizaCalls();
        const r = await subscribe(t, { sessionId, text: 'let me in' });
        expect(onlyError(r).extensions).toEqual({ code: 'NOT_FOUND', provider: 'ELIZA', retryable: false });
        expect(r.payloads[0]!.data).toBeUndefined();
        expect(t.elizaCalls()).toEqual(calls);
      }
      // nothing was written to bob's session
      expect(await history(t, bobs.id, 'bob')).toEqual([]);
    },
  },
  {
    name: 'invalid input is BAD_USER_INPUT naming the field, with no upstream call at all',
    async run(t) {
      const s = await createSession(t);
      const bad: Array<[Record<string, unknown>, string]> = [
        [{ text: '' }, 'input.text'],
        [{ text: 'a'.repeat(4001) }, 'input.text'],
        [{ sessionId: 'not-a-global-id' }, 'input.sessionId'],
        [{ sessionId: encodeGlobalId('ChatSession', 'cs-1') }, 'input.sessionId'],
        [{ metadata: { k: 'x'.repeat(10_240) } }, 'input.metadata'],
        [{ attachments: [{ type: 'IMAGE', url: 'ftp://example.com/a.png' }] }, 'input.attachments[0].url'],
      ];
      t.resetElizaCalls();
      for (const [input, field] of bad) {
        const r = await subscribe(t, { sessionId: s.id, text: 'fine', ...input });
        const e = onlyError(r);
        expect(e.extensions).toEqual({ code: 'BAD_USER_INPUT', field, retryable: false });
        expect(e.message.startsWith(`${field}: `)).toBe(true);
      }
      const anon = await subscribe(t, { sessionId: s.id, text: 'who am I' }, { as: null });
      expect(onlyError(anon).extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(t.elizaCalls()).toEqual({});
    },
  },
  {
    name: 'an upstream failure on the send is an error event that says the message may have been stored',
    async run(t) {
      const s = await createSession(t);
      t.resetElizaCalls();
      t.failRoute(ROUTES.send, 500);
      try {
        const r = await subscribe(t, { sessionId: s.id, text: 'will this arrive?' });
        expect(r.status).toBe(200);
        const e = onlyError(r);
        expect(e.extensions).toEqual({
          code: 'UPSTREAM_UNAVAILABLE',
          provider: 'ELIZA',
          retryable: false,
          details: { mayHaveApplied: true },
        });
        expect(r.payloads[0]!.data).toEqual({ agentReply: null });
        // sent once, never repeated
        expect(t.elizaCalls()).toEqual({ [ROUTES.get]: 1, [ROUTES.send]: 1 });
      } finally {
        t.clearFaults();
      }
    },
  },
  {
    name: 'README operation: stream-agent-reply.graphql',
    async run(t) {
      const s = await createSession(t);
      const query = readFileSync(new URL('./operations/stream-agent-reply.graphql', import.meta.url), 'utf8');
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await t.stack.token()}` },
        body: JSON.stringify({ query, variables: { sessionId: s.id, text: 'Hello!' } }),
      });
      const { payloads, completed } = nextPayloads(await res.text());
      expect(completed).toBe(true);
      const last = payloads[payloads.length - 1]!.data!.agentReply!;
      expect(last.__typename).toBe('AgentReplyCompleted');
      expect(last.session).toMatchObject({ id: s.id, status: 'ACTIVE' });
      if (t.expectedReply) expect(last.reply.text).toBe(t.expectedReply('Hello!'));
    },
  },
];
