/**
 * Upstream faults seen from a GraphQL client (reliability.md section 3), through the emulators'
 * failure and latency knobs and, for socket-level faults, a node:http fake in place of Sumvin.
 * Every response is also scanned for leakage: no upstream URL, host:port, token fragment, HTML
 * or stack trace in any error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.js';
import { codesOf, startStack, type GqlResponse, type Stack } from '../support/stack.js';

const SUMVIN_ONLY = '{ sessions(first: 5, provider: SUMVIN) { totalCount edges { node { id title } } } }';
const ELIZA_ONLY = '{ sessions(first: 5, provider: ELIZA) { edges { node { id title } } } }';
const BOTH = '{ sessions(first: 10) { edges { node { id provider title } } } }';
const LIST_ROUTE = 'GET /v0/chat/sessions';
const HTML = '<!doctype html><html><body><h1>502 Bad Gateway</h1><p>nginx at 10.1.2.3:8080 /srv/app/main.py line 42</p></body></html>';

type Body = GqlResponse<{ sessions: { totalCount?: number | null; edges: Array<{ node: { id: string; provider?: string; title: string | null } }> } | null }>;

/** Nothing about the upstreams or the caller's token in a response. */
function expectNoLeak(res: GqlResponse<unknown>, secrets: string[]): void {
  const text = JSON.stringify(res.body);
  for (const s of secrets) {
    expect(text).not.toContain(s);
    const hostPort = s.replace(/^https?:\/\//, '');
    if (hostPort !== s) expect(text).not.toContain(hostPort);
  }
  expect(text).not.toMatch(/<html|<!doctype|nginx|10\.1\.2\.3|main\.py/i);
  expect(text).not.toMatch(/\bat .+\(.*:\d+:\d+\)|\.ts:\d+|node_modules|Error: /);
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|ECONNRESET|UND_ERR|undici/i);
  for (const e of res.body.errors ?? []) {
    expect(Object.keys(e.extensions ?? {}).sort()).toEqual(expect.arrayContaining(['code', 'retryable']));
    expect(e.extensions).not.toHaveProperty('originalError');
    expect(e.extensions).not.toHaveProperty('stacktrace');
    expect(e.extensions).not.toHaveProperty('exception');
  }
}

describe('emulated faults', () => {
  let stack: Stack;
  let secrets: string[];

  beforeAll(async () => {
    stack = await startStack({
      attemptMs: 150,
      sumvin: { seed: { users: ['alice'], sessionsPerUser: 3, messagesPerSession: 2 } },
      eliza: {
        seed: { sessions: [] },
      },
    });
    // One Eliza session for alice, so partial results have something to show.
    const token = await stack.token('alice');
    const eliza = stack.eliza!;
    const created = await fetch(`${eliza.url}/api/messaging/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: eliza.agents[0]!.id, userId: stack.elizaUserIdOf('alice'), metadata: { title: 'Eliza survives' } }),
    });
    expect(created.status).toBe(201);
    secrets = [stack.sumvin.url, stack.elizaUrl, token.split('.')[1]!.slice(0, 24), token.split('.')[2]!.slice(0, 24)];
  });
  afterAll(() => stack.close());
  afterEach(() => {
    stack.sumvin.controls.resetKnobs();
    stack.eliza!.controls.resetKnobs();
  });

  it('works when nothing fails', async () => {
    const res = (await stack.gql(BOTH)) as Body;
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.sessions!.edges.map((e) => e.node.provider).sort()).toEqual(['ELIZA', 'SUMVIN', 'SUMVIN', 'SUMVIN']);
  });

  it('F3: 500 with an HTML body → UPSTREAM_UNAVAILABLE, no HTML in the response, not retried', async () => {
    stack.sumvin.controls.setFailure({ status: 500, rate: 1, body: HTML, contentType: 'text/html' });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['sessions'], extensions: expect.objectContaining({ code: 'UPSTREAM_UNAVAILABLE', provider: 'SUMVIN' }) }),
    ]);
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(1);
    expectNoLeak(res, secrets);
  });

  it('F3: 503 with HTML on a GET is retried, at most 3 attempts in all', async () => {
    stack.sumvin.controls.setFailure({ status: 503, rate: 1, body: HTML, contentType: 'text/html' });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ retryable: true, provider: 'SUMVIN' });
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(3);
    expectNoLeak(res, secrets);
  });

  it('F4: 503 then success on a GET → data, two attempts', async () => {
    // rate 0.5 fails every second request: the first passes, the second fails, the third passes.
    stack.sumvin.controls.setFailure({ status: 503, rate: 0.5, routes: [LIST_ROUTE] });
    const first = (await stack.gql(SUMVIN_ONLY)) as Body;
    expect(first.body.errors).toBeUndefined();
    stack.sumvin.controls.resetCounts();
    const second = (await stack.gql(SUMVIN_ONLY)) as Body;
    expect(second.body.errors).toBeUndefined();
    expect(second.body.data!.sessions!.totalCount).toBe(3);
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(2);
  });

  it('timeout: latency above the attempt timeout → UPSTREAM_TIMEOUT after at most 3 attempts', async () => {
    stack.sumvin.controls.setLatency(2_000);
    const res = await stack.gql(SUMVIN_ONLY);
    expect(res.body.data).toBeNull();
    expect(codesOf(res)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ provider: 'SUMVIN', retryable: true });
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBeGreaterThanOrEqual(1);
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBeLessThanOrEqual(3);
    expectNoLeak(res, secrets);
  });

  it('F14: Sumvin down → Eliza’s sessions plus one error with path and provider, HTTP 200', async () => {
    stack.sumvin.controls.setFailure({ status: 500, rate: 1 });
    const res = (await stack.gql(BOTH)) as Body;
    expect(res.status).toBe(200);
    expect(res.body.data!.sessions!.edges.map((e) => e.node.title)).toEqual(['Eliza survives']);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ path: ['sessions'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'SUMVIN' } });
    expectNoLeak(res, secrets);
  });

  it('F14: Eliza down → Sumvin’s sessions plus one error with path and provider, HTTP 200', async () => {
    stack.eliza!.controls.setFailure({ status: 503, rate: 1 });
    const res = (await stack.gql(BOTH)) as Body;
    expect(res.status).toBe(200);
    expect(res.body.data!.sessions!.edges.map((e) => e.node.provider)).toEqual(['SUMVIN', 'SUMVIN', 'SUMVIN']);
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors![0]).toMatchObject({ path: ['sessions'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'ELIZA' } });
    expectNoLeak(res, secrets);
  });

  it('both down → the field fails with a code, HTTP 200', async () => {
    stack.sumvin.controls.setFailure({ status: 500, rate: 1 });
    stack.eliza!.controls.setFailure({ status: 500, rate: 1 });
    const res = await stack.gql(BOTH);
    expect(res.status).toBe(200);
    expect(res.body.data).toBeNull();
    expect(codesOf(res).length).toBeGreaterThan(0);
    for (const e of res.body.errors!) {
      expect(e.path).toEqual(['sessions']);
      expect(e.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: expect.stringMatching(/^(SUMVIN|ELIZA)$/) });
    }
    expectNoLeak(res, secrets);
  });

  it('F5: 429 with a Retry-After beyond the deadline → RATE_LIMITED, retryable, no second attempt', async () => {
    stack.sumvin.controls.setFailure({ status: 429, rate: 1, headers: { 'retry-after': '60' } });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['RATE_LIMITED']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ provider: 'SUMVIN', retryable: true });
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(1);
    expectNoLeak(res, secrets);
  });

  it('F9: HTML with status 200 → UPSTREAM_UNAVAILABLE, not retried', async () => {
    stack.sumvin.controls.setFailure({ status: 200, rate: 1, body: HTML, contentType: 'text/html' });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(1);
    expectNoLeak(res, secrets);
  });

  it('F9/F10: malformed or drifted JSON with status 200 → UPSTREAM_UNAVAILABLE, no resolver crash', async () => {
    for (const body of ['{"sessions": [', '{}', '{"sessions":"many","total":"3"}', 'null']) {
      stack.sumvin.controls.resetCounts();
      stack.sumvin.controls.setFailure({ status: 200, rate: 1, body, contentType: 'application/json' });
      const res = await stack.gql(SUMVIN_ONLY);
      expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(1);
      expectNoLeak(res, secrets);
    }
  });

  it('F12/F13: upstream 401 and 403 keep their meaning and are not retried', async () => {
    const cases: Array<[Parameters<typeof stack.sumvin.controls.setFailure>[0], string]> = [
      [{ status: 401, rate: 1 }, 'UNAUTHENTICATED'],
      // Sumvin's "not your session" 403 is shown as NOT_FOUND, so existence does not leak.
      [{ status: 403, rate: 1 }, 'NOT_FOUND'],
      [{ status: 403, rate: 1, body: '{"detail":"Forbidden"}', contentType: 'application/json' }, 'FORBIDDEN'],
    ];
    for (const [rule, code] of cases) {
      stack.sumvin.controls.resetCounts();
      stack.sumvin.controls.setFailure(rule);
      const res = await stack.gql(SUMVIN_ONLY);
      expect(codesOf(res)).toEqual([code]);
      expect(res.body.errors![0]!.extensions).toMatchObject({ retryable: false });
      expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(1);
      expectNoLeak(res, secrets);
    }
  });
});

describe('the breaker', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  });
  afterAll(() => stack.close());

  it('F15: opens after repeated failures; then fails fast without calling the upstream, and Eliza is unaffected', async () => {
    stack.sumvin.controls.setFailure({ status: 500, rate: 1 });
    let calls = 0;
    for (let i = 0; i < 40 && stack.sumvin.controls.count(LIST_ROUTE) === calls; i++) {
      calls += 1;
      const res = await stack.gql(SUMVIN_ONLY);
      expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    }
    const before = stack.sumvin.controls.count(LIST_ROUTE);
    // The breaker's floor is 20 requests: it opened at that volume, not before.
    expect(before).toBe(20);

    stack.sumvin.controls.setFailure(null);
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(res.body.errors![0]!.extensions).toMatchObject({ provider: 'SUMVIN', retryable: true });
    expect(stack.sumvin.controls.count(LIST_ROUTE)).toBe(before);

    const eliza = await stack.gql(ELIZA_ONLY);
    expect(eliza.body.errors).toBeUndefined();
  });
});

describe('socket-level faults (a fake in place of Sumvin)', () => {
  let fake: FakeUpstream;
  let other: FakeUpstream;
  let stack: Stack;

  beforeAll(async () => {
    fake = await startFakeUpstream();
    other = await startFakeUpstream();
    other.behave((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"sessions":[],"total":0,"offset":0,"limit":5}');
    });
    stack = await startStack({ attemptMs: 150, sumvinUrl: fake.url });
  });
  afterAll(async () => {
    await stack.close();
    await fake.close();
    await other.close();
  });
  afterEach(() => {
    fake.requests.length = 0;
    other.requests.length = 0;
  });

  const secrets = () => [fake.url, other.url, stack.elizaUrl];

  it('F7: connection reset before the response → GET retried, at most 3 attempts, UPSTREAM_UNAVAILABLE', async () => {
    fake.behave('reset');
    const res = await stack.gql(SUMVIN_ONLY);
    expect(res.body.data).toBeNull();
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(fake.requests.length).toBeGreaterThanOrEqual(2);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
    expectNoLeak(res, secrets());
  });

  it('F8: reset in the middle of the body → no partial data', async () => {
    fake.behave((_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"sessions":[{"session_id":"x","title":"half');
      setImmediate(() => res.socket?.destroy());
    });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(res.body.data).toBeNull();
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
    expect(JSON.stringify(res.body)).not.toContain('half');
    expectNoLeak(res, secrets());
  });

  it('F2: the body stalls after a few bytes → UPSTREAM_TIMEOUT, no hang', async () => {
    const open: ServerResponse[] = [];
    fake.behave((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
      open.push(res);
    });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_TIMEOUT']);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
    expectNoLeak(res, secrets());
    for (const r of open) r.destroy();
  });

  it('F11: a body over the 2 MiB cap → UPSTREAM_UNAVAILABLE, not retried', async () => {
    fake.behave((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"sessions":[],"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`);
    });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(fake.requests).toHaveLength(1);
    expectNoLeak(res, secrets());
  });

  it('F16: a redirect to another host is refused; the other host sees nothing', async () => {
    fake.behave((_req, res) => {
      res.writeHead(302, { location: `${other.url}/v0/chat/sessions` });
      res.end();
    });
    const res = await stack.gql(SUMVIN_ONLY);
    expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(fake.requests).toHaveLength(1);
    expect(other.requests).toHaveLength(0);
    expectNoLeak(res, secrets());
  });

  it('F6: connection refused → UPSTREAM_UNAVAILABLE', async () => {
    const gone = await startFakeUpstream();
    const url = gone.url;
    await gone.close();
    const s = await startStack({ attemptMs: 150, sumvinUrl: url });
    try {
      const res = await s.gql(SUMVIN_ONLY);
      expect(codesOf(res)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(res.body.errors![0]!.extensions).toMatchObject({ provider: 'SUMVIN', retryable: true });
      expectNoLeak(res, [url, s.elizaUrl]);
    } finally {
      await s.close();
    }
  });
});
