import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createElizaSession } from '../support/seed.js';
import { startRedis, type RedisServer } from '../support/redis.js';
import { codesOf, startStack, type Stack, type StoreKind } from '../support/stack.js';

const query = `query($id: ID!) { session(id: $id) { title ... on AgentSession { status } } }`;

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.close();
});

describe.each<StoreKind>(['memory', 'redis'])('expired agent sessions (%s store)', (kind) => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(kind === 'redis' ? { store: { redisUrl: redis.url, keyPrefix: redis.prefix('expiry') } } : {});
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('the owner is told SESSION_EXPIRED, also after the upstream forgot the session (404)', async () => {
    const id = encodeGlobalId('AgentSession', await createElizaSession(stack, 'alice', { title: 'short' }));
    expect((await stack.gql<{ session: { status: string } }>(query, { id })).body.data?.session.status).toBe('ACTIVE');
    stack.eliza!.controls.clock.advance(31 * 60_000);
    const first = await stack.gql(query, { id });
    expect(codesOf(first)).toEqual(['SESSION_EXPIRED']);
    expect(first.body.errors![0]!.extensions).toMatchObject({ provider: 'ELIZA', retryable: false, details: { recreate: true } });
    stack.resetCalls();
    expect(codesOf(await stack.gql(query, { id }))).toEqual(['SESSION_EXPIRED']);
    expect(codesOf(await stack.gql(query, { id }, { as: 'mallory' }))).toEqual(['NOT_FOUND']);
    // answered from the ownership index's expired record
    expect(stack.calls().total).toBe(0);
  });

  it('anyone else is told NOT_FOUND, so expiry does not reveal the session', async () => {
    const id = encodeGlobalId('AgentSession', await createElizaSession(stack, 'alice', { title: 'private' }));
    // the facade sees the session (and its owner) once
    expect(codesOf(await stack.gql(query, { id }))).toEqual([]);
    stack.eliza!.controls.clock.advance(31 * 60_000);
    expect(codesOf(await stack.gql(query, { id }, { as: 'mallory' }))).toEqual(['NOT_FOUND']);
  });
});
