import { getTypeBrand } from '@pothos/core';
import { describe, expect, it } from 'vitest';
import { decodeGlobalId, encodeGlobalId, tagged } from '../../../src/schema/node.js';

describe('global ids', () => {
  it('round-trips every node type', () => {
    for (const typename of ['ChatSession', 'AgentSession', 'Message'] as const) {
      expect(decodeGlobalId(encodeGlobalId(typename, 'a:b'))).toEqual({ typename, id: 'a:b' });
    }
  });

  it.each(['Session', 'Node', 'constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'refuses %s, which has no loader',
    (typename) => {
      expect(() => decodeGlobalId(encodeGlobalId(typename, 'x'), 'input.id')).toThrow(/not a valid global id/);
    },
  );
});

describe('tagged', () => {
  it('brands the object with its type without adding an enumerable key', () => {
    const session = { id: 'cs-1', title: null };
    expect(tagged('ChatSession', session)).toBe(session);
    expect(getTypeBrand(session)).toBe('ChatSession');
    expect(Object.keys(session)).toEqual(['id', 'title']);
    expect(JSON.stringify(session)).toBe('{"id":"cs-1","title":null}');
  });
});
