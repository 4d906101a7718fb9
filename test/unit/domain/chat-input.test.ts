import { describe, expect, it } from 'vitest';
import { toSumvinMessages } from '../../../src/domain/chat-input.js';
import { failure } from '../../support/input-failure.js';

describe('toSumvinMessages', () => {
  it('keeps given ids, generates missing ones, converts createdAt to epoch ms and keeps metadata', () => {
    let n = 0;
    const out = toSumvinMessages(
      [
        { id: 'a', role: 'USER', parts: [{ text: { text: 'x' } }], createdAt: new Date('2024-01-01T00:00:00.000Z'), metadata: { k: 1 } },
        { role: 'ASSISTANT', parts: [] },
      ],
      'input.messages',
      () => `gen-${++n}`,
    );
    expect(out).toEqual([
      { id: 'a', role: 'user', parts: [{ type: 'text', text: 'x' }], createdAt: 1704067200000, metadata: { k: 1 } },
      { id: 'gen-1', role: 'assistant', parts: [] },
    ]);
  });

  it('counts lengths in code points, as the upstream does', () => {
    const id = '😀'.repeat(64);
    expect(toSumvinMessages([{ id, role: 'USER', parts: [] }])[0]?.id).toBe(id);
    expect(failure(() => toSumvinMessages([{ id: `${id}x`, role: 'USER', parts: [] }])).field).toBe('input.messages[0].id');
  });

  it('refuses a message id with control characters', () => {
    expect(failure(() => toSumvinMessages([{ id: 'a\u0000b', role: 'USER', parts: [] }]))).toEqual({
      field: 'input.messages[0].id',
      reason: 'must not contain control characters',
    });
  });

  it('allows metadata of exactly 10,240 JSON characters', () => {
    const metadata = { v: 'x'.repeat(10_240 - '{"v":""}'.length) };
    expect(JSON.stringify(metadata)).toHaveLength(10_240);
    expect(toSumvinMessages([{ id: 'm', role: 'USER', parts: [], metadata }])[0]?.metadata).toBe(metadata);
  });

  it('stores the role enum as its word, rawRole as given when it reads back as role', () => {
    const roles = (ms: Parameters<typeof toSumvinMessages>[0]) => toSumvinMessages(ms).map((m) => m.role);
    expect(roles([{ role: 'TOOL', parts: [] }, { role: 'TOOL', rawRole: 'tool_result', parts: [] }])).toEqual(['tool', 'tool_result']);
    expect(roles([{ role: 'OTHER', rawRole: 'moderator', parts: [] }])).toEqual(['moderator']);
    expect(failure(() => toSumvinMessages([{ role: 'OTHER', parts: [] }]))).toEqual({
      field: 'input.messages[0].rawRole',
      reason: 'is required when role is OTHER',
    });
    expect(failure(() => toSumvinMessages([{ role: 'USER', rawRole: 'moderator', parts: [] }]))).toEqual({
      field: 'input.messages[0].rawRole',
      reason: 'reads back as role OTHER, not USER',
    });
  });
});
