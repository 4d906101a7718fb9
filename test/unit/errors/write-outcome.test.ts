import { describe, expect, it } from 'vitest';
import { UpstreamError, type UpstreamErrorInit } from '../../../src/errors/classes.js';
import { writeFailure } from '../../../src/errors/write-outcome.js';

const failed = (init: Partial<UpstreamErrorInit>) =>
  new UpstreamError({ service: 'eliza', kind: 'UPSTREAM_UNAVAILABLE', retryable: true, operation: 'POST /x', ...init });

const facts = (err: unknown) => {
  const e = err as UpstreamError;
  return { kind: e.kind, retryable: e.retryable, mayHaveApplied: e.mayHaveApplied, repeatWith: e.repeatWith };
};

describe('writeFailure', () => {
  it('a write that may have applied: mayHaveApplied, and retryable only when repeating is safe', () => {
    const err = failed({ status: 503 });
    expect(facts(writeFailure(err, { repeatable: false }))).toEqual({
      kind: 'UPSTREAM_UNAVAILABLE',
      retryable: false,
      mayHaveApplied: true,
      repeatWith: undefined,
    });
    expect(facts(writeFailure(err, { repeatable: true }))).toMatchObject({ retryable: true, mayHaveApplied: true });
    expect(facts(writeFailure(failed({ kind: 'UPSTREAM_TIMEOUT', retryable: false, mayHaveApplied: true }), { repeatable: false }))).toMatchObject({
      kind: 'UPSTREAM_TIMEOUT',
      retryable: false,
      mayHaveApplied: true,
    });
    expect(facts(writeFailure(failed({ kind: 'UPSTREAM_BAD_RESPONSE', status: 200, retryable: false }), { repeatable: false }))).toMatchObject({
      mayHaveApplied: true,
    });
  });

  it('a write that never reached the upstream is left as it is', () => {
    const refused = failed({ upstreamCode: 'CIRCUIT_OPEN' });
    expect(writeFailure(refused, { repeatable: false })).toBe(refused);
  });

  it('with the ids to repeat it with: retryable, carrying the ids, whatever happened', () => {
    const out = writeFailure(failed({ service: 'sumvin', status: 503 }), { repeatable: true, repeatWith: { sessionId: 'cs-1' } });
    expect(facts(out)).toEqual({ kind: 'UPSTREAM_UNAVAILABLE', retryable: true, mayHaveApplied: false, repeatWith: { sessionId: 'cs-1' } });
  });

  it('a definite answer is never touched', () => {
    for (const kind of ['NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT', 'SESSION_EXPIRED', 'RATE_LIMITED'] as const) {
      const err = failed({ kind, status: 400, retryable: false });
      expect(writeFailure(err, { repeatable: true, repeatWith: { messageIds: ['m1'] } })).toBe(err);
    }
    const bug = new TypeError('x');
    expect(writeFailure(bug, { repeatable: true })).toBe(bug);
  });
});
