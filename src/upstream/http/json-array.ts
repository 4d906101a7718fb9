import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';
import type { IncomingHttpHeaders } from 'node:http';
import { UpstreamError, type Service } from '../../errors/classes.js';
import { headerValue } from './headers.js';
import type { StreamKind } from './types.js';

export interface JsonArrayLimits {
  /** Items at most; more is a bad answer. */
  maxItems: number;
  /** Bytes of one item (and of anything between two items) at most. */
  maxItemBytes: number;
  /** Bytes of the whole body at most. */
  maxBytes: number;
  /** Longest silence between two chunks. */
  idleTimeoutMs: number;
}

export const JSON_ARRAY_DEFAULTS: JsonArrayLimits = {
  maxItems: 1_000_000,
  maxItemBytes: 256 * 1024,
  maxBytes: 1024 * 1024 * 1024,
  idleTimeoutMs: 15_000,
};

const isJson = (headers: IncomingHttpHeaders) =>
  /^application\/(?:[\w.+-]+\+)?json$/i.test(headerValue(headers, 'content-type')?.split(';')[0]?.trim() ?? '');

/**
 * A JSON object whose array under `key` may be larger than any response cap, read as a stream
 * (@streamparser/json): its items are yielded one by one as they arrive, and memory holds one
 * item at a time. Other keys are skipped. An answer without that array, a document cut short,
 * or one over `limits` is a bad answer (UPSTREAM_BAD_RESPONSE).
 */
export function jsonArrayKind(key: string, limits: JsonArrayLimits, source: { service: Service; operation: string }): StreamKind<unknown> {
  const bad = (detail: string) =>
    new UpstreamError({ ...source, kind: 'UPSTREAM_BAD_RESPONSE', status: 200, retryable: true, cause: new Error(detail) });
  return {
    accept: 'application/json',
    accepts: isJson,
    idleTimeoutMs: limits.idleTimeoutMs,
    async *read(body) {
      const tokenizer = new Tokenizer();
      const parser = new TokenParser({ paths: [`$.${key}.*`], keepStack: false });
      const ready: unknown[] = [];
      let depth = 0;
      let lastKey: unknown;
      let state = 'before' as 'before' | 'inside' | 'after';
      let boundary = 0;
      let items = 0;
      let written = 0;
      parser.onValue = ({ value }) => {
        items++;
        if (items > limits.maxItems) throw bad(`more than ${limits.maxItems} items`);
        ready.push(value);
      };
      tokenizer.onToken = (t) => {
        if (t.token === TokenType.LEFT_BRACKET && depth === 1 && state === 'before' && lastKey === key) {
          state = 'inside';
          boundary = t.offset;
        } else if (state === 'inside' && depth === 2 && (t.token === TokenType.COMMA || t.token === TokenType.RIGHT_BRACKET)) {
          if (t.offset - boundary > limits.maxItemBytes) throw bad(`an item is larger than ${limits.maxItemBytes} bytes`);
          boundary = t.offset;
          if (t.token === TokenType.RIGHT_BRACKET) state = 'after';
        }
        if (depth === 0 && t.token === TokenType.LEFT_BRACKET) throw bad('the answer is not a JSON object');
        if (t.token === TokenType.LEFT_BRACE || t.token === TokenType.LEFT_BRACKET) depth++;
        else if (t.token === TokenType.RIGHT_BRACE || t.token === TokenType.RIGHT_BRACKET) depth--;
        if (depth === 1 && t.token === TokenType.STRING) lastKey = t.value;
        parser.write(t);
      };
      const feed = (chunk: Uint8Array) => {
        try {
          tokenizer.write(chunk);
        } catch (err) {
          throw err instanceof UpstreamError ? err : bad(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
        }
      };
      for await (const chunk of body) {
        written += chunk.length;
        if (written > limits.maxBytes) throw bad(`body larger than ${limits.maxBytes} bytes`);
        feed(chunk);
        if (written - boundary > limits.maxItemBytes) throw bad(`an item is larger than ${limits.maxItemBytes} bytes`);
        for (const item of ready.splice(0)) yield item;
      }
      if (state !== 'after' || depth !== 0) throw bad(state === 'before' ? `no "${key}" array in the answer` : 'the answer ended early');
      try {
        tokenizer.end();
      } catch (err) {
        throw bad(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}
