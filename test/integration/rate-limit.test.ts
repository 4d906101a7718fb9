import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { codesOf, startStack, type Stack } from '../support/stack.js';
import { nextPayloads } from './agent-reply.cases.js';

describe('per-caller rate limit', () => {
  let stack: Stack;
  beforeAll(async () => {
    // 60 a minute with the default burst of 10
    stack = await startStack({ rateLimit: { perSubjectPerMinute: 60, perAddressPerMinute: 60 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers 429 RATE_LIMITED with Retry-After once a caller spends the burst, before any upstream call', async () => {
    const query = '{ sessions(first: 1) { totalCount } }';
    for (let i = 0; i < 10; i++) expect(codesOf(await stack.gql(query))).toEqual([]);
    stack.resetCalls();
    const token = await stack.token('alice');
    const res = await stack.app.fetch('http://facade.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    const body = (await res.json()) as { errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(stack.calls().total).toBe(0);
  });

  it('limits subscriptions too (they do not pass through execute), before any upstream call', async () => {
    const query = '{ sessions(first: 1) { totalCount } }';
    for (let i = 0; i < 10; i++) expect(codesOf(await stack.gql(query, undefined, { as: 'carol' }))).toEqual([]);
    stack.resetCalls();
    const subscription = `subscription { agentReply(input: { sessionId: "${encodeGlobalId('AgentSession', '0d7c8a1e-5b2f-4c3d-9e8f-7a6b5c4d3e2f')}", text: "hi" }) { __typename } }`;
    const res = await stack.app.fetch('http://facade.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${await stack.token('carol')}` },
      body: JSON.stringify({ query: subscription }),
    });
    const { payloads } = nextPayloads(await res.text());
    expect(payloads).toHaveLength(1);
    expect(payloads[0]!.errors!.map((e) => e.extensions)).toEqual([
      { code: 'RATE_LIMITED', retryable: true, details: { retryAfterMs: expect.any(Number) } },
    ]);
    expect(stack.calls().total).toBe(0);
  });

  it('counts each caller separately', async () => {
    expect(codesOf(await stack.gql('{ sessions(first: 1) { totalCount } }', undefined, { as: 'bob' }))).toEqual([]);
  });
});
