import { describe, expect, it } from 'vitest';
import {
  EXPAND_LIST_MAX_SESSIONS,
  planSessionList,
  planSessionRead,
  sumvinWindow,
  type OffsetPageRequest,
} from '../../../src/domain/plan.js';

const fwd = (size: number, after?: number, before?: number): OffsetPageRequest => ({
  direction: 'forward',
  size,
  after: after === undefined ? null : { o: after },
  before: before === undefined ? null : { o: before },
});
const back = (size: number, before?: number, after?: number): OffsetPageRequest => ({
  direction: 'backward',
  size,
  after: after === undefined ? null : { o: after },
  before: before === undefined ? null : { o: before },
});

describe('sumvinWindow: the messages a page reads', () => {
  it('places forward pages and pages before a cursor without the count', () => {
    expect(sumvinWindow(fwd(5), null)).toEqual({ offset: 0, limit: 5 });
    expect(sumvinWindow(fwd(5, 9), null)).toEqual({ offset: 10, limit: 5 });
    expect(sumvinWindow(fwd(50, 9, 20), null)).toEqual({ offset: 10, limit: 10 });
    expect(sumvinWindow(back(50, 70), null)).toEqual({ offset: 20, limit: 50 });
    expect(sumvinWindow(back(50, 30), null)).toEqual({ offset: 0, limit: 30 });
    expect(sumvinWindow(back(50, 30, 9), null)).toEqual({ offset: 10, limit: 20 });
  });

  it('needs the count for `last` from the end and for empty pages', () => {
    expect(sumvinWindow(back(20), null)).toBe('count');
    expect(sumvinWindow(back(20, undefined, 3), null)).toBe('count');
    expect(sumvinWindow(fwd(0), null)).toBe('count');
    expect(sumvinWindow(back(5, 0), null)).toBe('count');
  });

  it('with the count: the newest `last`, clipped to the session', () => {
    expect(sumvinWindow(back(20), 120)).toEqual({ offset: 100, limit: 20 });
    expect(sumvinWindow(back(20), 7)).toEqual({ offset: 0, limit: 7 });
    expect(sumvinWindow(back(20, 200), 120)).toEqual({ offset: 100, limit: 20 });
    expect(sumvinWindow(fwd(0), 7)).toEqual({ offset: 0, limit: 0 });
    expect(sumvinWindow(back(20), 0)).toEqual({ offset: 0, limit: 0 });
  });
});

describe('planSessionRead', () => {
  it('reads the session alone when no messages are selected', () => {
    expect(planSessionRead({ sessionFields: true, windows: [] })).toBe('get');
    expect(planSessionRead({ sessionFields: false, windows: [] })).toBe('get');
  });

  it('skips the session GET when only messages with known offsets are selected', () => {
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), back(50, 70)] })).toBe('windows');
  });

  it('runs the GET with the windows when session fields are selected too', () => {
    expect(planSessionRead({ sessionFields: true, windows: [fwd(5)] })).toBe('get');
  });

  it('expands when any window needs the count, with or without session fields', () => {
    expect(planSessionRead({ sessionFields: true, windows: [back(50)] })).toBe('expand');
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), back(3)] })).toBe('expand');
  });

  it('falls back to the GET when a window does not parse (the field reports the error)', () => {
    expect(planSessionRead({ sessionFields: false, windows: [fwd(5), null] })).toBe('get');
  });
});

describe('planSessionList', () => {
  it('expands small pages that select messages, and nothing else', () => {
    expect(planSessionList({ withMessages: true, limit: 21 })).toBe('expand');
    expect(planSessionList({ withMessages: true, limit: EXPAND_LIST_MAX_SESSIONS })).toBe('expand');
    expect(planSessionList({ withMessages: true, limit: EXPAND_LIST_MAX_SESSIONS + 1 })).toBe('plain');
    expect(planSessionList({ withMessages: false, limit: 21 })).toBe('plain');
  });
});
