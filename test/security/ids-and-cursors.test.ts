/**
 * Hostile ids and cursors. Raw strings and global ids wrapping `..`, slashes, encoded slashes,
 * query and fragment characters, control characters, 10k characters or nothing: each is
 * BAD_USER_INPUT or NOT_FOUND, never a crash, and no upstream request ever leaves its route
 * template (checked on the wire by a recording proxy in front of the Sumvin emulator).
 * Cursors: garbage, forged JSON, and cursors from another connection, session or filter are
 * BAD_USER_INPUT.
 */
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sessionListCursors, sumvinMessageCursors } from '../../src/domain/cursor.js';
import { filterKey } from '../../src/domain/session-list.js';
import { encodeGlobalId } from '../../src/schema/node.js';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { codesOf, dataOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';
import { HOSTILE_IDS } from '../support/hostile-ids.js';

let stack: Stack;
let proxy: FakeUpstream;

beforeAll(async () => {
  stack = await startStack({
    sumvin: { seed: { users: ['alice', 'bob'], sessionsPerUser: 3, messagesPerSession: 5 } },
    eliza: { seed: { sessions: [] } },
    sumvinUrl: async (url) => {
      proxy = await startFakeUpstream(url);
      return proxy.url;
    },
  });
});
afterAll(async () => {
  await stack.close();
  await proxy.close();
});
afterEach(() => {
  stack.resetCalls();
  proxy.requests.length = 0;
});

const SESSION = 'query ($id: ID!) { session(id: $id) { id title } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id } }';
const NODES = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';

/** Every request that reached Sumvin stayed on a route template with one clean id segment. */
function expectOnlyTemplatedPaths(): void {
  for (const r of proxy.requests) {
    expect(r.path).toMatch(/^\/v0\/chat\/sessions(\/([A-Za-z0-9!$&'()*+,=:@._~-]|%[0-9A-F]{2})+)?(\/messages)?(\?[^#]*)?$/);
    // Characters that could change the path were refused before encoding, so never appear encoded.
    expect(r.path).not.toMatch(/(^|\/)\.{1,2}(\/|\?|$)|%2f|%5c|%25|%3f|%23|%2e%2e/i);
  }
  for (const key of Object.keys(stack.calls().sumvin)) {
    expect(key).toMatch(/^GET \/v0\/chat\/sessions(\/:session_id)?(\/messages)?$/);
  }
  expect(Object.keys(stack.calls().eliza).every((k) => !k.includes('unmatched'))).toBe(true);
}

function expectRefused(res: GqlResponse<unknown>, allowed: string[] = ['BAD_USER_INPUT', 'NOT_FOUND']): void {
  expect(res.status).toBe(200);
  const codes = codesOf(res);
  expect(codes.length).toBeGreaterThan(0);
  for (const c of codes) expect(allowed).toContain(c);
  expectOnlyTemplatedPaths();
}

describe('raw (non-global) ids', () => {
  for (const id of HOSTILE_IDS) {
    const label = JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}…(${id.length})` : id);
    it(`session(id: ${label}) and node(id: ${label})`, async () => {
      expectRefused(await stack.gql(SESSION, { id }), ['BAD_USER_INPUT']);
      expectRefused(await stack.gql(NODE, { id }), ['BAD_USER_INPUT']);
      expect(stack.calls().total).toBe(0);
    });
  }
});

describe('global ids wrapping hostile upstream ids', () => {
  for (const id of HOSTILE_IDS) {
    const label = JSON.stringify(id.length > 40 ? `${id.slice(0, 10)}…(${id.length})` : id);
    it(`ChatSession / AgentSession / Message with ${label}`, async () => {
      for (const typename of ['ChatSession', 'AgentSession']) {
        const gid = encodeGlobalId(typename, id);
        expectRefused(await stack.gql(SESSION, { id: gid }));
        expectRefused(await stack.gql(NODE, { id: gid }));
      }
      expectRefused(await stack.gql(NODE, { id: encodeGlobalId('Message', JSON.stringify(['s', id, 'm1'])) }));
      expectRefused(await stack.gql(NODE, { id: encodeGlobalId('Message', JSON.stringify(['e', id, 'm1', 0])) }));
      // None of these is a usable id on either upstream: nothing was sent.
      expect(stack.calls().total).toBe(0);
    });
  }

  it('unknown type names, bad message ids and ids that are not JSON', async () => {
    for (const gid of [
      encodeGlobalId('Admin', '1'),
      encodeGlobalId('__proto__', 'x'),
      encodeGlobalId('Message', 'not json'),
      encodeGlobalId('Message', '{"__proto__":{"polluted":1}}'),
      encodeGlobalId('Message', '["x","a","b"]'),
      Buffer.from('ChatSession').toString('base64url'),
      Buffer.from(':abc').toString('base64url'),
    ]) {
      const res = await stack.gql(NODE, { id: gid });
      expect(codesOf(res).length).toBeGreaterThan(0);
      expectRefused(res);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stack.calls().total).toBe(0);
  });

  it('a well-formed id that does not exist is NOT_FOUND after one call on the intended route', async () => {
    const res = await stack.gql(SESSION, { id: encodeGlobalId('ChatSession', 'no-such.session') });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(stack.calls().sumvin).toEqual({ 'GET /v0/chat/sessions/:session_id': 1 });
    expect(proxy.requests.map((r) => r.path)).toEqual(['/v0/chat/sessions/no-such.session']);
  });

  it('another user’s session is NOT_FOUND', async () => {
    const bobs = dataOf(await stack.gql<{ sessions: { edges: Array<{ node: { id: string } }> } }>('{ sessions(first: 1) { edges { node { id } } } }', undefined, { as: 'bob' }));
    const res = await stack.gql(SESSION, { id: bobs.sessions.edges[0]!.node.id }, { as: 'alice' });
    expect(codesOf(res)).toEqual(['NOT_FOUND']);
    expect(res.body.data).toEqual({ session: null });
  });

  it('nodes(ids) with hostile ids among good ones: refused, nothing sent for the hostile ones', async () => {
    const mine = dataOf(await stack.gql<{ sessions: { edges: Array<{ node: { id: string } }> } }>('{ sessions(first: 1) { edges { node { id } } } }'));
    const good = mine.sessions.edges[0]!.node.id;
    stack.resetCalls();
    proxy.requests.length = 0;
    for (const bad of ['..', encodeGlobalId('ChatSession', '../x'), encodeGlobalId('AgentSession', 'a/b'), encodeGlobalId('ChatSession', 'a%2Fb')]) {
      const res = await stack.gql(NODES, { ids: [good, bad] });
      expect(codesOf(res)).toContain('BAD_USER_INPUT');
      expectRefused(res, ['BAD_USER_INPUT']);
    }
    expect(proxy.requests.every((r) => r.path === `/v0/chat/sessions/${Buffer.from(good, 'base64url').toString().split(':')[1]}`)).toBe(true);
  });

  it('any string as a Sumvin session id: refused or looked up on its own route, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 80 }), fc.constantFrom(...HOSTILE_IDS)), async (id) => {
        proxy.requests.length = 0;
        stack.resetCalls();
        const res = await stack.gql(SESSION, { id: encodeGlobalId('ChatSession', id) });
        expectRefused(res);
        expect(stack.calls().total).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });
});

describe('cursors', () => {
  const LIST = 'query ($after: String, $before: String, $provider: Provider) { sessions(first: 2, after: $after, before: $before, provider: $provider) { edges { cursor node { id } } } }';
  const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

  async function refusedCursor(query: string, variables: Record<string, unknown>): Promise<void> {
    const res = await stack.gql(query, variables);
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ field: expect.stringMatching(/^(after|before)$/) });
    expectOnlyTemplatedPaths();
  }

  it('garbage', async () => {
    for (const c of ['', 'x', '!!!', '../x', 'a/b', '%2e%2e', 'x'.repeat(10_000), b64('not json'), b64('null'), b64('[]'), b64('"sl"'), b64('1e999')]) {
      await refusedCursor(LIST, { after: c });
      await refusedCursor(LIST, { before: c });
    }
    expect(stack.calls().total).toBe(0);
  });

  it('forged JSON: wrong kind, version, types, negative or fractional positions, prototype keys', async () => {
    const f = filterKey(null, null);
    const base = { v: 2, k: 'sl', f, t: Date.now(), p: 's', id: 'x', n: 0 };
    for (const forged of [
      { ...base, v: 1 },
      { ...base, k: 'sm' },
      { ...base, n: -1 },
      { ...base, n: 1.5 },
      { ...base, n: '0' },
      { ...base, t: 'now' },
      { ...base, p: 'x' },
      { ...base, id: 7 },
      { ...base, f: `${f}","x":"` },
      { __proto__: { v: 1 }, k: 'sl' },
      '{"v":1,"k":"sl","constructor":{"prototype":{"polluted":true}}}',
    ]) {
      await refusedCursor(LIST, { after: b64(forged) });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stack.calls().total).toBe(0);
  });

  it('a well-formed forged cursor far past the end gives at most a page with few calls, not a crash', async () => {
    const c = sessionListCursors.encode({ f: filterKey(null, null), t: 0, p: 's', id: 'x', n: 1_000_000_000 });
    for (const variables of [{ after: c }, { before: c }]) {
      stack.resetCalls();
      const res = await stack.gql<{ sessions: { edges: unknown[] } }>(LIST, variables);
      expect(res.body.errors).toBeUndefined();
      if ('after' in variables) expect(res.body.data!.sessions.edges).toEqual([]);
      else expect(res.body.data!.sessions.edges.length).toBeLessThanOrEqual(2);
      expect(stack.calls().total).toBeLessThanOrEqual(4);
      expectOnlyTemplatedPaths();
    }
  });

  it('a cursor from a list with other filters', async () => {
    const page = dataOf(await stack.gql<{ sessions: { edges: Array<{ cursor: string }> } }>(LIST, { provider: 'SUMVIN' }));
    const cursor = page.sessions.edges[0]!.cursor;
    stack.resetCalls();
    await refusedCursor(LIST, { after: cursor });
    await refusedCursor(LIST, { after: cursor, provider: 'ELIZA' });
    await refusedCursor('query ($after: String) { sessions(first: 2, after: $after, search: "x") { totalCount } }', { after: cursor });
    expect(stack.calls().total).toBe(0);
  });

  it('a message cursor on the session list, and a session-list cursor on messages', async () => {
    const msgs = dataOf(
      await stack.gql<{ sessions: { edges: Array<{ cursor: string; node: { id: string; messages: { edges: Array<{ cursor: string }> } } }> } }>(
        '{ sessions(first: 2, provider: SUMVIN) { edges { cursor node { id messages(first: 2) { edges { cursor } } } } } }',
      ),
    );
    const [a, b] = msgs.sessions.edges;
    const messageCursor = a!.node.messages.edges[0]!.cursor;
    await refusedCursor(LIST, { after: messageCursor });

    const M = 'query ($id: ID!, $after: String) { session(id: $id) { messages(first: 2, after: $after) { edges { cursor } } } }';
    for (const [sessionId, cursor] of [
      [a!.node.id, a!.cursor],
      [b!.node.id, messageCursor],
      [a!.node.id, sumvinMessageCursors.encode('someone-else', 0)],
      [a!.node.id, b64({ v: 1, k: 'sm', s: 'x', o: -5 })],
    ] as const) {
      const res = await stack.gql(M, { id: sessionId, after: cursor });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors![0]!.path).toEqual(['session', 'messages']);
      expectOnlyTemplatedPaths();
    }
  });
});
