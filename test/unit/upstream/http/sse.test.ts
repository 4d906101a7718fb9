import { describe, expect, it } from 'vitest';
import { readSse, SseError, SseParser, type SseEvent } from '../../../../src/upstream/http/sse.js';

const bytes = (text: string) => new TextEncoder().encode(text);

/** Feeds `text` to a parser in pieces of `size` bytes and collects every event. */
function parseInPieces(text: string, size: number, maxEventBytes?: number): SseEvent[] {
  const parser = new SseParser(maxEventBytes);
  const all = bytes(text);
  const out: SseEvent[] = [];
  for (let i = 0; i < all.length; i += size) out.push(...parser.push(all.subarray(i, i + size)));
  out.push(...parser.end());
  return out;
}

async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield bytes(p);
}

async function collect(source: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of source) out.push(e);
  return out;
}

async function failure(promise: Promise<unknown>): Promise<SseError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SseError) return err;
    throw err;
  }
  throw new Error('expected an SseError');
}

const LIMITS = { maxEventBytes: 1024, maxStreamBytes: 4096, idleTimeoutMs: 5_000 };

describe('SseParser', () => {
  const stream =
    'event: user_message\ndata: {"id":"m1","content":"héllo 👋"}\n\n' +
    ': a comment\n' +
    'event: chunk\ndata: {"chunk":"Hi","index":0}\n\n' +
    'event: done\ndata: {"text":"Hi"}\n\n';
  const expected: SseEvent[] = [
    { event: 'user_message', data: '{"id":"m1","content":"héllo 👋"}' },
    { event: 'chunk', data: '{"chunk":"Hi","index":0}' },
    { event: 'done', data: '{"text":"Hi"}' },
  ];

  it('gives the same events however the bytes are split (multi-byte characters included)', () => {
    for (const size of [1, 2, 3, 7, 64, 10_000]) expect(parseInPieces(stream, size)).toEqual(expected);
  });

  it('accepts CRLF and lone CR line ends, also when a chunk boundary splits a CRLF', () => {
    const crlf = stream.replaceAll('\n', '\r\n');
    const cr = stream.replaceAll('\n', '\r');
    for (const size of [1, 5, 10_000]) {
      expect(parseInPieces(crlf, size)).toEqual(expected);
      expect(parseInPieces(cr, size)).toEqual(expected);
    }
  });

  it('joins multi-line data with newlines and strips one space after the colon', () => {
    const text = 'data: first\ndata:second\ndata:  third\nevent:multi\n\n';
    expect(parseInPieces(text, 4)).toEqual([{ event: 'multi', data: 'first\nsecond\n third' }]);
  });

  it('skips comments, unknown fields and events without data; names a nameless event "message"', () => {
    const text = ':ping\n\nevent: lonely\n\nretry: 10\nfoo: bar\ndata: x\nid: 7\n\n';
    expect(parseInPieces(text, 3)).toEqual([{ event: 'message', data: 'x', id: '7' }]);
  });

  it('drops an event whose closing blank line never came', () => {
    expect(parseInPieces('event: done\ndata: {"text":"Hi"}\n', 5)).toEqual([]);
  });

  it('refuses an event larger than the cap, also while its line is still incomplete', () => {
    const big = `data: ${'x'.repeat(200)}\n\n`;
    expect(() => parseInPieces(big, 16, 100)).toThrow(SseError);
    try {
      parseInPieces(`data: ${'x'.repeat(200)}`, 1000, 100);
      throw new Error('expected a throw');
    } catch (err) {
      expect((err as SseError).reason).toBe('EVENT_TOO_LARGE');
    }
    // many small data lines add up to one event
    expect(() => parseInPieces('data: 0123456789\n'.repeat(10) + '\n', 1000, 100)).toThrow('larger than 100 bytes');
    // the same bytes as separate events are fine
    expect(parseInPieces('data: 0123456789\n\n'.repeat(10), 1000, 100)).toHaveLength(10);
  });

  it('refuses bytes that are not UTF-8', () => {
    const parser = new SseParser();
    expect(() => parser.push(new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0xff, 0x0a]))).toThrow('not valid UTF-8');
  });
});

describe('readSse', () => {
  it('yields events across chunks and ends with the source', async () => {
    const events = await collect(readSse(chunks('event: a\nda', 'ta: 1\n', '\nevent: b\ndata: 2\n\n'), LIMITS));
    expect(events).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('stops at the stream cap', async () => {
    const err = await failure(collect(readSse(chunks(...Array.from({ length: 10 }, () => `data: ${'y'.repeat(500)}\n\n`)), LIMITS)));
    expect(err.reason).toBe('STREAM_TOO_LARGE');
  });

  it('gives up when no event comes within the idle timeout', async () => {
    let closed = false;
    const source: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        calls: 0,
        next(this: { calls: number }) {
          this.calls += 1;
          // the first event arrives, then the source goes quiet
          return this.calls === 1 ? Promise.resolve({ done: false, value: bytes('data: first\n\n') }) : new Promise<IteratorResult<Uint8Array>>(() => {});
        },
        return() {
          closed = true;
          return Promise.resolve({ done: true, value: undefined });
        },
      }),
    };
    const seen: SseEvent[] = [];
    const err = await failure(
      (async () => {
        for await (const e of readSse(source, { ...LIMITS, idleTimeoutMs: 50 })) seen.push(e);
      })(),
    );
    expect(seen).toEqual([{ event: 'message', data: 'first' }]);
    expect(err.reason).toBe('IDLE_TIMEOUT');
    // a read is still pending: the source's owner destroys it, not the reader
    expect(closed).toBe(false);
  });

  it('returns the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        yield bytes('data: 1\n\ndata: 2\n\n');
        yield bytes('data: 3\n\n');
      } finally {
        closed = true;
      }
    }
    for await (const e of readSse(source(), LIMITS)) {
      expect(e).toEqual({ event: 'message', data: '1' });
      break;
    }
    expect(closed).toBe(true);
  });
});
