import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { headerValue } from './headers.js';
import { UPSTREAM_DEFAULTS } from './limits.js';

/** The body was over the cap or not valid UTF-8. */
export class BadBody extends Error {
  override name = 'BadBody';
}

/** Reusable: without `stream: true`, each `decode` call is independent. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (err) {
    throw new BadBody('body is not valid UTF-8', { cause: err });
  }
}

/**
 * The body as text, refused when over `cap` bytes or not valid UTF-8. With a declared length within
 * the cap (the common case) undici reads exactly that many bytes, so the body is taken in one piece;
 * otherwise chunks are counted as they arrive. Plain stream events, not an async iterator: this
 * runs for every upstream answer, and the iterator's machinery costs more than the read.
 */
export async function readCapped(
  body: Dispatcher.ResponseData['body'],
  headers: IncomingHttpHeaders,
  cap: number,
): Promise<string> {
  const declared = Number(headerValue(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    body.destroy();
    throw new BadBody(`declared length ${declared} over cap ${cap}`);
  }
  if (headerValue(headers, 'content-length') !== undefined && Number.isInteger(declared) && declared >= 0) {
    return decode(new Uint8Array(await body.arrayBuffer()));
  }
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) {
        settled = true;
        body.off('data', onData);
        // destroying emits an abort error, which the listener below swallows
        body.destroy();
        reject(new BadBody(`body over cap ${cap}`));
        return;
      }
      chunks.push(chunk);
    };
    body.on('data', onData);
    body.once('end', () => {
      settled = true;
      resolve(Buffer.concat(chunks, total));
    });
    body.on('error', (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    });
  });
  return decode(bytes);
}

export async function discard(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<void> {
  try {
    await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
  } catch {
    body.destroy();
  }
}
