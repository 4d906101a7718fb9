import type { Dispatcher } from 'undici';
import { UpstreamError, type Service } from '../../errors/classes.js';
import { BadBody, discard, readCapped } from './body.js';
import { isIdentityEncoding, isJson } from './headers.js';
import { UPSTREAM_DEFAULTS } from './limits.js';
import { parseRetryAfter } from './retry.js';
import type { Attempt, BodyExpectation, ErrorMapper, RequestSpec } from './types.js';

/** What `readResponse` needs from the client that sent the request. */
export interface ResponseClient {
  service: Service;
  maxResponseBytes: number;
  now: () => number;
  mapError: ErrorMapper;
}

export async function readResponse<T>(
  client: ResponseClient,
  spec: RequestSpec,
  expect: BodyExpectation<T>,
  req: { operation: string; idempotent: boolean },
  response: Dispatcher.ResponseData,
  signal: AbortSignal,
): Promise<Attempt<T>> {
  const { statusCode: status, headers, body } = response;
  const bad = (detail: string, cause?: unknown): Attempt<T> => ({
    ok: false,
    error: new UpstreamError({
      service: client.service,
      kind: 'UPSTREAM_BAD_RESPONSE',
      status,
      retryable: false,
      operation: req.operation,
      cause: cause ?? new Error(detail),
    }),
    status,
    retry: false,
    waitMs: undefined,
    breaker: 'success',
  });

  if (status >= 200 && status < 300) {
    if (expect.schema === null) {
      await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
      return { ok: true, value: undefined as T, status };
    }
    if (status === 204) {
      await body.dump({ limit: UPSTREAM_DEFAULTS.maxErrorBodyBytes, signal });
      return bad('204 where a body was expected');
    }
    if (!isIdentityEncoding(headers)) {
      await discard(body, signal);
      return bad('compressed response');
    }
    if (!isJson(headers)) {
      await discard(body, signal);
      return bad('response is not JSON');
    }
    let text: string;
    try {
      text = await readCapped(body, headers, Math.min(spec.maxResponseBytes ?? Number.POSITIVE_INFINITY, client.maxResponseBytes));
    } catch (err) {
      if (err instanceof BadBody) return bad('response body rejected', err);
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return bad('malformed JSON', err);
    }
    const parsed = expect.schema.safeParse(json);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.code}`);
      return bad(`unexpected response shape (${where.join('; ')})`);
    }
    return { ok: true, value: parsed.data, status };
  }

  if (status >= 300 && status < 400) {
    // Redirects are refused: following one would carry the caller's token to another host.
    await discard(body, signal);
    return bad(`redirect ${status} refused`);
  }

  if (status < 200) {
    await discard(body, signal);
    return bad(`unexpected status ${status}`);
  }

  let errorBody: unknown;
  if (isJson(headers) && isIdentityEncoding(headers)) {
    try {
      errorBody = JSON.parse(await readCapped(body, headers, UPSTREAM_DEFAULTS.maxErrorBodyBytes));
    } catch (err) {
      if (!(err instanceof BadBody || err instanceof SyntaxError)) throw err;
      errorBody = undefined;
    }
  } else {
    await discard(body, signal);
  }
  const retryAfterMs = parseRetryAfter(headers, client.now());
  const error = client.mapError({
    service: client.service,
    operation: req.operation,
    method: spec.method,
    status,
    headers,
    body: errorBody,
    retryAfterMs,
  });
  const retryStatus = status === 429 || status === 502 || status === 503 || status === 504;
  return {
    ok: false,
    error,
    status,
    retry: req.idempotent && retryStatus,
    waitMs: status === 429 || status === 503 ? retryAfterMs : undefined,
    breaker: status >= 500 ? 'failure' : 'success',
  };
}
