import { describe, expect, it } from 'vitest';
import { parseConnectionArgs } from '../../../src/domain/connection-args.js';
import { elizaMessageCursors, sessionListCursors, sumvinMessageCursors } from '../../../src/domain/cursor.js';
import { InputError } from '../../../src/errors/classes.js';
import { mergeWindows } from '../../../src/loaders/sumvin.js';

const id = (c: string) => c;

describe('parseConnectionArgs', () => {
  it('defaults to the first 20', () => {
    expect(parseConnectionArgs({}, id)).toEqual({ direction: 'forward', size: 20, after: null, before: null });
  });
  it('reads last/before as a backward page', () => {
    expect(parseConnectionArgs({ last: 5, before: 'b' }, id)).toEqual({ direction: 'backward', size: 5, after: null, before: 'b' });
  });
  it.each([
    [{ first: 1, last: 1 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ first: -1 }, 'first'],
    [{ first: 1.5 }, 'first'],
  ])('refuses %j naming %s', (args, field) => {
    expect(() => parseConnectionArgs(args, id)).toThrowError(InputError);
    try {
      parseConnectionArgs(args, id);
    } catch (e) {
      expect((e as InputError).field).toBe(field);
    }
  });
});

describe('cursors', () => {
  it('round-trip and are tied to their connection', () => {
    const c = sumvinMessageCursors.encode('cs-1', 7);
    expect(sumvinMessageCursors.decode(c, 'after', 'cs-1')).toEqual({ v: 1, k: 'sm', s: 'cs-1', o: 7 });
    expect(() => sumvinMessageCursors.decode(c, 'after', 'cs-2')).toThrowError('after: the cursor does not belong to this connection');
    expect(() => elizaMessageCursors.decode(c, 'after', 'cs-1')).toThrowError('does not belong');
    const e = elizaMessageCursors.encode('u', 5, 'm');
    expect(elizaMessageCursors.decode(e, 'before', 'u')).toEqual({ v: 1, k: 'em', s: 'u', t: 5, id: 'm' });
    const l = sessionListCursors.encode({ f: 'abc', t: 1, p: 's', id: 'x', n: 3 });
    expect(() => sessionListCursors.decode(l, 'after', 'other')).toThrowError('other filters');
  });
  it('refuse garbage, oversize and injected cursors', () => {
    const injected = Buffer.from('{"v":1,"k":"sm","s":"cs-1","o":-5}').toString('base64url');
    for (const bad of ['', 'not base64!', 'x'.repeat(2000), Buffer.from('[]').toString('base64url'), injected]) {
      expect(() => sumvinMessageCursors.decode(bad, 'after', 'cs-1')).toThrowError(InputError);
    }
  });
});

describe('mergeWindows', () => {
  const w = (offset: number, limit: number) => ({ sessionId: 's', offset, limit });
  it('joins overlapping and touching windows', () => {
    const ranges = mergeWindows([w(0, 10), w(5, 10), w(15, 5), w(40, 5)]);
    expect(ranges.map((r) => [r.offset, r.end, r.keys.length])).toEqual([
      [0, 20, 3],
      [40, 45, 1],
    ]);
  });
  it('never builds a range wider than one upstream page (100)', () => {
    const ranges = mergeWindows([w(0, 100), w(50, 100)]);
    expect(ranges.map((r) => [r.offset, r.end])).toEqual([
      [0, 100],
      [50, 150],
    ]);
  });
});
