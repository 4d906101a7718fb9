import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { headerValue } from './headers.js';
import { UPSTREAM_DEFAULTS } from './limits.js';

/** The body was over the cap or not valid UTF-8. */
export class BadBody extends Error {
  override name = 'BadBody';
}

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
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > cap) {
      body.destroy();
      throw new BadBody(`body over cap ${cap}`);
    }
    chunks.push(chunk);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, total));
  } catch (err) {
    throw new BadBody('body is not valid UTF-8', { cause: err });
  }
}

export async function discard(body: Dispatcher.ResponseData['body'], signal: AbortSignal): Promise<void> {
  try {
    await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
  } catch {
    body.destroy();
  }
}
