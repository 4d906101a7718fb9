/**
 * Two facade processes behind no load balancer at all (the test picks the instance), sharing one
 * redis-server and one pair of emulators: whichever instance answers, the answer is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { serveJwks, startFacadeProcess, type FacadeProcess } from '../support/facade-process.js';
import { startRedis, type RedisServer } from '../support/redis.js';

const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';
const CREATE = `mutation($agentId: String!, $metadata: JSONObject!) {
  createAgentSession(input: { agentId: $agentId, metadata: $metadata }) { session { id } }
}`;
const SEND = `mutation($id: ID!) { sendAgentMessage(input: { sessionId: $id, text: "from B" }) { reply { text } } }`;
const INBOX = '{ sessions(first: 10, provider: ELIZA) { totalCount edges { node { id title } } } }';
const NODE = 'query($id: ID!) { node(id: $id) { id ... on AgentSession { title } } }';

let redis: RedisServer;
let idp: DevIdentityProvider;
let sumvin: SumvinEmulator;
let eliza: ElizaEmulator;
let jwks: { url: string; close(): Promise<void> };
let env: Record<string, string>;
let a: FacadeProcess;
let b: FacadeProcess;
const tokens = new Map<string, string>();
const token = async (subject: string) => {
  if (!tokens.has(subject)) tokens.set(subject, await idp.issue(subject));
  return tokens.get(subject)!;
};
const codes = (res: Awaited<ReturnType<FacadeProcess['gql']>>) => (res.body.errors ?? []).map((e) => e.extensions?.code);

async function startBoth(): Promise<void> {
  [a, b] = await Promise.all([startFacadeProcess(env), startFacadeProcess(env)]);
}

beforeAll(async () => {
  redis = await startRedis();
  idp = await createDevIdentityProvider();
  sumvin = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience });
  eliza = await startElizaEmulator({ rateLimit: false, replyDelayMs: 0 });
  jwks = await serveJwks(idp.jwks);
  env = {
    SUMVIN_API_URL: sumvin.url,
    ELIZA_API_URL: eliza.url,
    AUTH_JWKS_URL: jwks.url,
    AUTH_ISSUER: idp.issuer,
    AUTH_AUDIENCE: idp.audience,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix('multi'),
    INBOX_LIST_MAX_SESSIONS: '0',
    // callers without a token: one operation per 10 s per address (both instances see 127.0.0.1)
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '6',
  };
  await startBoth();
}, 90_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await jwks?.close();
  await sumvin?.close();
  await eliza?.close();
  await redis?.close();
});

describe('two facade instances sharing one Redis', () => {
  it('a session created through A is listed, readable and writable through B', async () => {
    const created = await a.gql<{ createAgentSession: { session: { id: string } } }>(CREATE, { agentId: AGENT, metadata: { title: 'via A' } }, await token('alice'));
    const id = created.body.data!.createAgentSession.session.id;
    const listed = await b.gql<{ sessions: { totalCount: number; edges: Array<{ node: { id: string; title: string } }> } }>(INBOX, undefined, await token('alice'));
    expect(listed.body.data?.sessions.edges.map((e) => e.node)).toEqual([{ id, title: 'via A' }]);
    expect((await b.gql(NODE, { id }, await token('alice'))).body.data).toEqual({ node: { id, title: 'via A' } });
    const sent = await b.gql<{ sendAgentMessage: { reply: { text: string } } }>(SEND, { id }, await token('alice'));
    expect(sent.body.data?.sendAgentMessage.reply.text).toBe('TestAgent received: from B');
    // both instances give the same answers, request for request
    for (const q of [[INBOX, undefined], [NODE, { id }]] as const) {
      const [ra, rb] = await Promise.all([a.gql(q[0], q[1], await token('alice')), b.gql(q[0], q[1], await token('alice'))]);
      expect(ra.body).toEqual(rb.body);
    }
  });

  it('a foreign session is NOT_FOUND on both', async () => {
    const created = await b.gql<{ createAgentSession: { session: { id: string } } }>(CREATE, { agentId: AGENT, metadata: { title: 'bob’s' } }, await token('bob'));
    const id = created.body.data!.createAgentSession.session.id;
    for (const instance of [a, b]) {
      const res = await instance.gql(NODE, { id }, await token('mallory'));
      expect(codes(res)).toEqual(['NOT_FOUND']);
      expect(res.body.data).toEqual({ node: null });
      const inbox = await instance.gql<{ sessions: { totalCount: number } }>(INBOX, undefined, await token('mallory'));
      expect(inbox.body.data?.sessions.totalCount).toBe(0);
    }
  });

  it('the rate limit holds across both: what A counted, B refuses', async () => {
    const anonymous = async (f: FacadeProcess) => {
      const res = await fetch(f.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INBOX }) });
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    };
    expect((await anonymous(a)).status).toBe(200);
    const refused = await anonymous(b);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect((await anonymous(a)).status).toBe(429);
  });

  it('an expired session answers the same on both, also after both restart', async () => {
    const created = await a.gql<{ createAgentSession: { session: { id: string } } }>(
      CREATE,
      { agentId: AGENT, metadata: { title: 'short' } },
      await token('carol'),
    );
    const id = created.body.data!.createAgentSession.session.id;
    eliza.controls.clock.advance(31 * 60_000);
    // the first ask (A, carol) meets the upstream's one 410; every later answer comes from Redis
    const ask = async () => ({
      carol: [codes(await a.gql(NODE, { id }, await token('carol'))), codes(await b.gql(NODE, { id }, await token('carol')))],
      mallory: [codes(await a.gql(NODE, { id }, await token('mallory'))), codes(await b.gql(NODE, { id }, await token('mallory')))],
    });
    const expected = { carol: [['SESSION_EXPIRED'], ['SESSION_EXPIRED']], mallory: [['NOT_FOUND'], ['NOT_FOUND']] };
    expect(await ask()).toEqual(expected);
    await Promise.all([a.stop(), b.stop()]);
    await startBoth();
    expect(await ask()).toEqual(expected);
    expect(codes(await b.gql(INBOX, undefined, await token('carol')))).toEqual([]);
  }, 90_000);
});
