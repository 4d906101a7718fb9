import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidIdError } from '../../../../src/errors/classes.js';
import { buildPath } from '../../../../src/upstream/http/url.js';
import { HOSTILE_IDS } from '../../../support/hostile-ids.js';

const TEMPLATE = '/v0/chat/sessions/{session_id}/messages';
const PREFIX = '/v0/chat/sessions/';


describe('buildPath', () => {
  it('fills and encodes a segment', () => {
    expect(buildPath(TEMPLATE, { session_id: 'cs-0123abcd' }, 'sumvin')).toBe('/v0/chat/sessions/cs-0123abcd/messages');
    expect(buildPath(TEMPLATE, { session_id: 'a b:c@d' }, 'sumvin')).toBe('/v0/chat/sessions/a%20b%3Ac%40d/messages');
    expect(buildPath('/api/messaging/sessions', {}, 'eliza')).toBe('/api/messaging/sessions');
  });

  it('rejects a missing parameter', () => {
    expect(() => buildPath(TEMPLATE, {}, 'sumvin')).toThrow(InvalidIdError);
  });

  it.each(['..', '.', '...', 'a/b', 'a\\b', 'a%2Fb', '%2e%2e', 'a?x', 'a#x', 'a\u0000', 'a\u007f', '', '  '])(
    'rejects the segment %j',
    (id) => {
      expect(() => buildPath(TEMPLATE, { session_id: id }, 'sumvin')).toThrow(InvalidIdError);
    },
  );

  it('rejects a lone surrogate', () => {
    expect(() => buildPath(TEMPLATE, { session_id: 'a\uD800' }, 'sumvin')).toThrow(InvalidIdError);
  });

  it('either throws InvalidIdError or stays under the prefix with the value in one segment', () => {
    const fragments = fc.constantFrom('..', '.', '/', '\\', '%2e', '%2F', '%', '?', '#', ';', 'a', 'Z9', '\u0000', '\r\n', ' ', 'é', '\uD800', '~', ':', '@');
    const hostile = fc.array(fragments, { maxLength: 8 }).map((parts) => parts.join(''));
    const anyString = fc.string({ unit: 'binary', maxLength: 40 });
    fc.assert(
      fc.property(fc.oneof(hostile, anyString), (id) => {
        let path: string;
        try {
          path = buildPath(TEMPLATE, { session_id: id }, 'sumvin');
        } catch (err) {
          return err instanceof InvalidIdError;
        }
        const url = new URL(path, 'http://upstream.test');
        const segments = url.pathname.split('/');
        return (
          url.origin === 'http://upstream.test' &&
          url.pathname === path &&
          url.search === '' &&
          url.hash === '' &&
          path.startsWith(PREFIX) &&
          segments.length === 6 &&
          segments[5] === 'messages' &&
          decodeURIComponent(segments[4] ?? '') === id
        );
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every hostile id of the bad-input list', () => {
    const accepted = HOSTILE_IDS.filter((id) => {
      try {
        buildPath(TEMPLATE, { session_id: id }, 'sumvin');
        return true;
      } catch {
        return false;
      }
    });
    // The path builder alone cannot know length or alphabet rules; those are the clients' job.
    expect(accepted).toEqual(['a;b', 'x'.repeat(10_000), 'cs\u2010abc', '\u0441s-abc', '\u0430dmin']);
  });
});
