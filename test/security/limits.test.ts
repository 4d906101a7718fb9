/**
 * Query limits (graphql-armor, set in src/server/app.ts LIMITS): depth 8 (fragments flattened), 10
 * aliases, 10 directives, 1000 tokens, cost 5000; field suggestions hidden; introspection off when
 * asked. Every rejection is a BAD_USER_INPUT with the tool's code in `reason`, happens before any
 * upstream call, and leaves the server serving.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/server/app.js';
import { codesOf, dataOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 3 } } });
});
afterAll(() => stack.close());
afterEach(() => stack.resetCalls());

type Res = GqlResponse<unknown>;

/** One request error, no data, no upstream call. */
function expectRejected(res: Res, message: RegExp, reason = 'GRAPHQL_VALIDATION_FAILED'): void {
  expect(res.body.data).toBeUndefined();
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors!;
  expect(error!.message).toMatch(message);
  expect(error!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', retryable: false, reason });
  expect(stack.calls().total).toBe(0);
}

function expectNotRejectedBy(res: Res, message: RegExp): void {
  for (const e of res.body.errors ?? []) expect(e.message).not.toMatch(message);
}

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

describe('depth', () => {
  // sessions(1) edges(2) node(3) messages(4) edges(5) node(6) session(7) …
  const depth8 = '{ sessions(first: 1) { edges { node { messages(first: 1) { edges { node { session { id } } } } } } } }';
  const depth9 = '{ sessions(first: 1) { edges { node { messages(first: 1) { edges { node { session { messages(first: 1) { totalCount } } } } } } } } }';

  it(`allows depth ${LIMITS.maxDepth}`, async () => {
    const res = await stack.gql(depth8);
    expect(res.body.errors).toBeUndefined();
    expect(dataOf(res)).toHaveProperty('sessions.edges');
  });

  it('refuses depth 9', async () => {
    expectRejected(await stack.gql(depth9), /Query depth limit of 8 exceeded, found 9/);
  });

  it('counts depth hidden in named fragments', async () => {
    const q = `
      query { sessions(first: 1) { ...Edges } }
      fragment Edges on SessionConnection { edges { node { ...Msgs } } }
      fragment Msgs on Session { messages(first: 1) { edges { node { session { ...Deeper } } } } }
      fragment Deeper on Session { messages(first: 1) { edges { node { id } } } }`;
    expectRejected(await stack.gql(q), /Query depth limit of 8 exceeded/);
  });

  it('counts depth hidden in inline fragments', async () => {
    const inner = 'messages(first: 1) { edges { node { ... on Message { session { ... on ChatSession { messages(first: 1) { totalCount } } } } } } }';
    const q = `{ sessions(first: 1) { ... on SessionConnection { edges { ... on SessionEdge { node { ... on ChatSession { ${inner} } } } } } } }`;
    expectRejected(await stack.gql(q), /Query depth limit of 8 exceeded/);
  });

  it('counts depth in a fragment named __schema', async () => {
    const q = `
      query { ...__schema }
      fragment __schema on Query { sessions(first: 1) { edges { node { messages(first: 1) { edges { node { session { messages(first: 1) { totalCount } } } } } } } } }`;
    expectRejected(await stack.gql(q), /Query depth limit of 8 exceeded/);
  });

  it('rejects a cyclic fragment without looping', async () => {
    const res = await stack.gql('query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(res.body.data).toBeUndefined();
    expect(codesOf(res)).toContain('BAD_USER_INPUT');
    expect(stack.calls().total).toBe(0);
  });
});

describe('aliases', () => {
  it(`allows ${LIMITS.maxAliases} aliases`, async () => {
    const res = await stack.gql(`{ ${repeat(10, (i) => `a${i}: agentSessionsHealth { status }`)} }`, undefined, { as: null });
    expectNotRejectedBy(res, /Aliases limit/);
    expect(codesOf(res)).toEqual(Array(10).fill('UNAUTHENTICATED'));
  });

  it('refuses 11 aliases, also when spread over fragments', async () => {
    expectRejected(
      await stack.gql(`{ ${repeat(11, (i) => `a${i}: sessions(first: 1) { totalCount }`)} }`),
      /Aliases limit of 10 exceeded, found 11/,
    );
    const q = `{ ...F ${repeat(6, (i) => `b${i}: sessions(first: 1) { totalCount }`)} }
      fragment F on Query { ${repeat(6, (i) => `a${i}: sessions(first: 1) { totalCount }`)} }`;
    expectRejected(await stack.gql(q), /Aliases limit of 10 exceeded, found 12/);
  });
});

describe('directives', () => {
  it(`allows ${LIMITS.maxDirectives} directives`, async () => {
    const res = await stack.gql(`{ ${repeat(10, (i) => `t${i}: __typename @include(if: true)`)} }`);
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data as object)).toHaveLength(10);
  });

  it('refuses 11 directives', async () => {
    expectRejected(await stack.gql(`{ ${repeat(11, (i) => `t${i}: __typename @include(if: true)`)} }`), /Directives limit of 10 exceeded, found 11/);
    expectRejected(await stack.gql(`{ __typename ${repeat(11, () => '@skip(if: false)')} }`), /Directives limit of 10 exceeded, found 11/);
  });

  it('refuses unknown directives', async () => {
    expectRejected(await stack.gql('{ __typename @aa }'), /Unknown directive "@aa"/);
  });
});

describe('tokens', () => {
  it('refuses more than 1000 tokens while parsing', async () => {
    const res = await stack.gql(`{ ${repeat(1200, () => '__typename')} }`);
    expectRejected(res, /Token limit of 1000 exceeded/, 'GRAPHQL_PARSE_FAILED');
  });

  it('refuses 1000 directives by the token limit first', async () => {
    expectRejected(await stack.gql(`{ __typename ${repeat(1000, () => '@aa')} }`), /Token limit of 1000 exceeded/, 'GRAPHQL_PARSE_FAILED');
  });
});

describe('cost and list sizes', () => {
  it('refuses first: 99999999 as BAD_USER_INPUT before any upstream call', async () => {
    const res = await stack.gql('{ sessions(first: 99999999) { edges { node { id } } } }');
    expectRejected(res, /Cost limit of 5000 exceeded/);
  });

  it('refuses a page size over 100 on a cheap query', async () => {
    const res = await stack.gql('{ sessions(first: 101) { totalCount } }');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['sessions'], extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }) }),
    ]);
    expect(stack.calls().total).toBe(0);
  });

  it('refuses a page size given through a variable', async () => {
    const res = await stack.gql('query ($n: Int) { sessions(first: $n) { totalCount } }', { n: 5000 });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(stack.calls().total).toBe(0);
  });

  it('refuses many upstream-backed fields under the alias limit by cost', async () => {
    const field = (i: number) => `a${i}: sessions(first: 100) { edges { node { messages(first: 100) { edges { node { id text } } } } } }`;
    expectRejected(await stack.gql(`{ ${repeat(10, field)} }`), /Cost limit of 5000 exceeded/);
  });
});

describe('field suggestions', () => {
  const typos = [
    '{ sesions { totalCount } }',
    '{ sessions { totalCont } }',
    '{ sessions(frist: 1) { totalCount } }',
    '{ sessions(provider: SUMVN) { totalCount } }',
    '{ sessions { edges { node { ... on ChatSesion { id } } } } }',
    'query ($p: Provder) { sessions(provider: $p) { totalCount } }',
  ];
  for (const q of typos) {
    it(`hides suggestions for ${q}`, async () => {
      const res = await stack.gql(q);
      expect(JSON.stringify(res.body)).toContain('[Suggestion hidden]');
      const text = JSON.stringify(res.body);
      expect(codesOf(res).length).toBeGreaterThan(0);
      expect(new Set(codesOf(res))).toEqual(new Set(['BAD_USER_INPUT']));
      expect(text).not.toMatch(/did you mean/i);
      expect(stack.calls().total).toBe(0);
    });
  }
});

describe('field suggestions in variable values', () => {
  it('hides the enum value suggestion of a misspelt variable', async () => {
    const res = await stack.gql('query ($p: Provider) { sessions(provider: $p) { totalCount } }', { p: 'SUMVN' });
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    expect(JSON.stringify(res.body)).not.toMatch(/did you mean|SUMVIN/i);
    expect(stack.calls().total).toBe(0);
  });
});

describe('introspection switched off', () => {
  let prod: Stack;
  beforeAll(async () => {
    prod = await startStack({ introspection: false });
  });
  afterAll(() => prod.close());

  it('refuses __schema and __type but answers __typename', async () => {
    for (const q of ['{ __schema { types { name } } }', '{ __type(name: "Session") { name } }', '{ s: __schema { queryType { name } } }']) {
      const res = await prod.gql(q);
      expect(res.body.data).toBeUndefined();
      expect(codesOf(res).length).toBeGreaterThan(0);
      expect(new Set(codesOf(res))).toEqual(new Set(['BAD_USER_INPUT']));
      expect(res.body.errors![0]!.message).toMatch(/introspection/i);
    }
    expect((await prod.gql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
    expect(prod.calls().total).toBe(0);
  });
});

describe('after all the rejections', () => {
  it('still serves normal queries', async () => {
    for (let i = 0; i < 3; i++) {
      await stack.gql(`{ ${repeat(1200, () => '__typename')} }`);
      await stack.gql('{ sessions(first: 99999999) { totalCount } }');
    }
    const res = await stack.gql('{ sessions(first: 5, provider: SUMVIN) { totalCount edges { node { title } } } }');
    const data = dataOf(res) as { sessions: { totalCount: number; edges: unknown[] } };
    expect(data.sessions.totalCount).toBe(2);
    expect(data.sessions.edges).toHaveLength(2);
  });
});

describe('HTTP status of a refusal (GraphQL over HTTP)', () => {
  const refused: Record<string, string> = {
    depth: '{ sessions(first: 1) { edges { node { messages(first: 1) { edges { node { session { messages(first: 1) { totalCount } } } } } } } } }',
    aliases: `{ ${repeat(11, (i) => `a${i}: sessions(first: 1) { totalCount }`)} }`,
    directives: `{ ${repeat(11, (i) => `t${i}: __typename @include(if: true)`)} }`,
    tokens: `{ ${repeat(1200, () => '__typename')} }`,
    cost: `{ ${repeat(9, (i) => `a${i}: sessions(first: 100) { edges { node { messages(first: 100) { edges { node { parts { __typename } } } } } } }`)} }`,
  };

  const post = async (query: string, accept: string) => {
    const res = await stack.app.fetch('http://facade.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${await stack.token('alice')}` },
      body: JSON.stringify({ query }),
    });
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as Res['body'] };
  };

  for (const [limit, query] of Object.entries(refused)) {
    it(`${limit}: 400 on application/graphql-response+json, 200 on application/json`, async () => {
      const strict = await post(query, 'application/graphql-response+json');
      expect(strict.status).toBe(400);
      expect(strict.type).toMatch(/^application\/graphql-response\+json/);
      expect(strict.body.data).toBeUndefined();
      expect(strict.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const legacy = await post(query, 'application/json');
      expect(legacy.status).toBe(200);
      expect(legacy.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      expect(stack.calls().total).toBe(0);
    });
  }
});
