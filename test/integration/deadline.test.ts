import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/schema/node.js';
import { createSumvinSession } from '../support/seed.js';
import { startStack, type Stack } from '../support/stack.js';

describe('operation deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    // each upstream attempt may take 5 s, but the whole operation only 150 ms
    stack = await startStack({ operationTimeoutMs: 150, attemptMs: 5_000 });
    await createSumvinSession(stack, 'alice', { id: 'cs-slow', title: 'slow' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a field still waiting on an upstream when the deadline passes gets UPSTREAM_TIMEOUT, not an internal error', async () => {
    stack.sumvin.controls.setLatency(1_000);
    try {
      const res = await stack.gql(`query($id: ID!) { session(id: $id) { title } }`, { id: encodeGlobalId('ChatSession', 'cs-slow') });
      expect(res.body.data).toEqual({ session: null });
      expect(res.body.errors?.map((e) => [e.path, e.message, e.extensions])).toEqual([
        [['session'], 'The operation did not finish before its deadline.', { code: 'UPSTREAM_TIMEOUT', retryable: true }],
      ]);
    } finally {
      stack.sumvin.controls.setLatency(0);
    }
  });
});
