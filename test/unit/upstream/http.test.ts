import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UpstreamError } from '../../../src/errors/classes.js';
import { HttpClient } from '../../../src/upstream/http.js';
import { parseRetryAfter } from '../../../src/upstream/http/retry.js';
import type { CallSpec, StatusFailure } from '../../../src/upstream/http/types.js';
import { JSON_HEADERS, ORIGIN, intercept, mockSetup, rejectionOf, type MockSetup } from './support.js';

const okSchema = z.object({ ok: z.literal(true) });

const failures: StatusFailure[] = [];
function mapError(failure: StatusFailure): UpstreamError {
  failures.push(failure);
  return new UpstreamError({
    service: failure.service,
    kind: failure.status === 429 ? 'RATE_LIMITED' : failure.status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'NOT_FOUND',
    status: failure.status,
    retryable: failure.status === 429 || failure.status >= 500,
    retryAfterMs: failure.retryAfterMs,
    operation: failure.operation,
  });
}

function get(http: HttpClient, extra: Partial<CallSpec> = {}) {
  return http.get('/items/{id}', { params: { id: 'a1' }, schema: okSchema, ...extra });
}

function post(http: HttpClient) {
  return http.post('/items', { json: { x: 1 }, schema: okSchema });
}

let mock: MockSetup;
beforeEach(() => {
  mock = mockSetup('sumvin', mapError);
  failures.length = 0;
});
afterEach(async () => {
  await mock.close();
});

async function upstreamError(promise: Promise<unknown>): Promise<UpstreamError> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(UpstreamError);
  return err as UpstreamError;
}

describe('HttpClient request shape', () => {
  it('builds path and query from the template, arrays repeated, empty values left out', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: (p) => p.startsWith('/items/') }, 200, { ok: true });
    await get(mock.client(), {
      params: { id: 'cs 1' },
      query: { q: 'a&b', expand: ['messages', 'x'], offset: 0, none: undefined, nil: null, flag: true },
    });
    expect(seen[0]?.path).toBe('/items/cs%201?q=a%26b&expand=messages&expand=x&offset=0&flag=true');
  });

  it('keeps a base path from the configured URL', async () => {
    const seen = intercept(mock.pool, { method: 'GET', path: '/prefix/items/a1' }, 200, { ok: true });
    await get(mock.client({ baseUrl: `${ORIGIN}/prefix/` }));
    expect(seen).toHaveLength(1);
  });

  it('sends only allow-listed caller headers plus the configured defaults', async () => {
    const seen = intercept(mock.pool, { method: 'POST', path: '/items' }, 201, { ok: true });
    const http = mock.client({ defaultHeaders: { 'X-API-KEY': 'server-key' } });
    await http.post('/items', {
      json: { x: 1 },
      headers: {
        cookie: 'sid=1',
        Authorization: 'Bearer other',
        'x-api-key': 'caller-key',
        host: 'evil.test',
        'x-forwarded-for': '1.2.3.4',
        'x-sumvin-pat': 'pat',
        'x-timestamp-format': 'iso8601',
        'X-Juno-Jwt': 'jwt-1',
        traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
        'content-type': 'text/plain',
      },
      schema: okSchema,
    });
    expect(seen[0]?.headers).toEqual({
      accept: 'application/json',
      'x-api-key': 'server-key',
      'x-juno-jwt': 'jwt-1',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'content-type': 'application/json',
    });
    expect(seen[0]?.body).toEqual({ x: 1 });
  });

  it('refuses a header value with CR/LF before sending', async () => {
    const err = await rejectionOf(
      mock.client().get('/items', { headers: { 'x-juno-jwt': 'a\r\nx: y' } }),
    );
    expect((err as Error).name).toBe('InvalidIdError');
    expect(mock.calls).toHaveLength(0);
  });

  it('reports each attempt to onRequest without headers or bodies', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, { ok: true });
    await get(mock.client());
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]).toMatchObject({ service: 'sumvin', operation: 'GET /items/{id}', status: 200, outcome: 'ok', attempt: 1 });
    expect(Object.keys(mock.calls[0] ?? {}).sort()).toEqual(['attempt', 'durationMs', 'operation', 'outcome', 'service', 'status']);
  });
});

describe('HttpClient bodies', () => {
  it('accepts 204 without parsing when no body is expected', async () => {
    intercept(mock.pool, { method: 'DELETE', path: '/items/a1' }, 204, undefined, {});
    await expect(
      mock.client().delete('/items/{id}', { params: { id: 'a1' } }),
    ).resolves.toBeUndefined();
  });

  it('reads and drops a 200 JSON body when no body is expected', async () => {
    intercept(mock.pool, { method: 'DELETE', path: '/items/a1' }, 200, { success: true });
    await expect(
      mock.client().delete('/items/{id}', { params: { id: 'a1' } }),
    ).resolves.toBeUndefined();
  });

  it('treats 204 as a bad response when a body is expected', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 204, undefined, {});
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.retryable).toBe(false);
  });

  it('rejects malformed JSON on 200 without retrying', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, '{"ok": tru');
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.status).toBe(200);
    expect(mock.calls).toHaveLength(1);
  });

  it('rejects a 200 that is not JSON (HTML) without parsing', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, '<html>{"ok":true}</html>', { 'content-type': 'text/html' });
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('rejects a compressed body it never asked for', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, '{"ok":true}', { ...JSON_HEADERS, 'content-encoding': 'gzip' });
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('rejects schema drift ({}) as a bad response', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, {});
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.retryable).toBe(false);
  });

  it('rejects a body over the cap', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, JSON.stringify({ ok: true, pad: 'x'.repeat(2000) }));
    const err = await upstreamError(get(mock.client({ maxResponseBytes: 1024 })));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
  });

  it('accepts a body just under the cap', async () => {
    const body = JSON.stringify({ ok: true, pad: 'x'.repeat(1000) });
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, body);
    await expect(get(mock.client({ maxResponseBytes: body.length }))).resolves.toEqual({ ok: true });
  });

  it('does not follow a redirect', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 302, '', { location: 'http://elsewhere.test/items/a1' });
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.status).toBe(302);
    expect(mock.calls).toHaveLength(1);
  });

  it('does not parse an HTML 500 and hands the mapper no body', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 500, '<html><body>stack trace</body></html>', { 'content-type': 'text/html' });
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).not.toContain('html');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.body).toBeUndefined();
    expect(mock.calls).toHaveLength(1);
  });

  it('hands the mapper the parsed JSON error body', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 404, { error_code: 'CHT-404-001' });
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('NOT_FOUND');
    expect(failures[0]).toMatchObject({ status: 404, method: 'GET', operation: 'GET /items/{id}', body: { error_code: 'CHT-404-001' } });
  });
});

describe('HttpClient retries', () => {
  it('retries a GET on 503 and succeeds with two calls', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 503, { error_code: 'X-503-001' });
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, { ok: true });
    await expect(get(mock.client())).resolves.toEqual({ ok: true });
    expect(mock.calls.map((c) => [c.attempt, c.status])).toEqual([
      [1, 503],
      [2, 200],
    ]);
  });

  it('gives up on a GET after two retries', async () => {
    for (const status of [502, 504, 503]) intercept(mock.pool, { method: 'GET', path: '/items/a1' }, status, {});
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.status).toBe(503);
    expect(mock.calls).toHaveLength(3);
  });

  it('does not retry a 500', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 500, {});
    await upstreamError(get(mock.client()));
    expect(mock.calls).toHaveLength(1);
  });

  it('never retries a POST', async () => {
    intercept(mock.pool, { method: 'POST', path: '/items' }, 503, {});
    const err = await upstreamError(post(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(mock.calls).toHaveLength(1);
  });

  it('retries a GET after a connection reset', async () => {
    mock.pool.intercept({ method: 'GET', path: '/items/a1' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, { ok: true });
    await expect(get(mock.client())).resolves.toEqual({ ok: true });
    expect(mock.calls.map((c) => c.outcome)).toEqual(['UPSTREAM_UNAVAILABLE', 'ok']);
  });

  it('does not retry an unrecognised transport error', async () => {
    mock.pool.intercept({ method: 'GET', path: '/items/a1' }).replyWithError(new Error('something odd'));
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.retryable).toBe(false);
    expect(mock.calls).toHaveLength(1);
  });

  it('treats an HTTP parser error as a bad response', async () => {
    mock.pool.intercept({ method: 'GET', path: '/items/a1' }).replyWithError(Object.assign(new Error('Invalid header value char'), { code: 'HPE_INVALID_HEADER_TOKEN' }));
    const err = await upstreamError(get(mock.client()));
    expect(err.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(mock.calls).toHaveLength(1);
  });

  it('marks a POST reset as possibly applied and does not retry it', async () => {
    mock.pool.intercept({ method: 'POST', path: '/items' }).replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const err = await upstreamError(post(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.mayHaveApplied).toBe(true);
    expect(mock.calls).toHaveLength(1);
  });

  it('marks a refused POST as not applied', async () => {
    mock.pool.intercept({ method: 'POST', path: '/items' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const err = await upstreamError(post(mock.client()));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.mayHaveApplied).toBe(false);
  });

  it('maps undici timeout codes to UPSTREAM_TIMEOUT', async () => {
    mock.pool.intercept({ method: 'POST', path: '/items' }).replyWithError(Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' }));
    const err = await upstreamError(post(mock.client()));
    expect(err.kind).toBe('UPSTREAM_TIMEOUT');
    expect(err.mayHaveApplied).toBe(true);
  });

  it('waits for Retry-After on a 429 GET, never sooner', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 429, {}, { ...JSON_HEADERS, 'retry-after': '1' });
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, { ok: true });
    const started = performance.now();
    await expect(get(mock.client())).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(mock.calls).toHaveLength(2);
  });

  it('honours Retry-After on a 503 GET within the budget', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 503, {}, { ...JSON_HEADERS, 'retry-after': '1' });
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 200, { ok: true });
    const started = performance.now();
    await expect(get(mock.client())).resolves.toEqual({ ok: true });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('stops retrying when the next wait would pass the budget', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 503, {}, { ...JSON_HEADERS, 'retry-after': '2' });
    const err = await upstreamError(get(mock.client({ budgetMs: 1_000 })));
    expect(err.kind).toBe('UPSTREAM_UNAVAILABLE');
    expect(mock.calls).toHaveLength(1);
  });

  it('fails fast with RATE_LIMITED when Retry-After exceeds the budget', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 429, {}, { ...JSON_HEADERS, 'retry-after': '60' });
    const started = performance.now();
    const err = await upstreamError(get(mock.client()));
    expect(performance.now() - started).toBeLessThan(500);
    expect(err.kind).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.retryAfterMs).toBe(60_000);
    expect(mock.calls).toHaveLength(1);
  });

  it('does not retry a 429 POST', async () => {
    intercept(mock.pool, { method: 'POST', path: '/items' }, 429, {}, { ...JSON_HEADERS, 'retry-after': '0' });
    const err = await upstreamError(post(mock.client()));
    expect(err.kind).toBe('RATE_LIMITED');
    expect(mock.calls).toHaveLength(1);
  });
});

describe('HttpClient cancellation', () => {
  it('does not call the upstream when the caller already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await rejectionOf(get(mock.client(), { signal: controller.signal }));
    expect((err as Error).name).toBe('AbortError');
    expect(mock.calls).toHaveLength(0);
  });

  it('propagates a caller abort mid-flight as an abort, without retrying', async () => {
    mock.pool.intercept({ method: 'GET', path: '/items/a1' }).reply(200, { ok: true }, { headers: JSON_HEADERS }).delay(2_000);
    const controller = new AbortController();
    const reason = new DOMException('client went away', 'AbortError');
    setTimeout(() => controller.abort(reason), 30);
    const err = await rejectionOf(get(mock.client(), { signal: controller.signal }));
    expect(err).toBe(reason);
    expect(mock.calls.map((c) => c.outcome)).toEqual(['ABORTED']);
  });

  it('stops waiting between retries when the caller aborts', async () => {
    intercept(mock.pool, { method: 'GET', path: '/items/a1' }, 503, {}, { ...JSON_HEADERS, 'retry-after': '5' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const err = await rejectionOf(get(mock.client(), { signal: controller.signal }));
    expect((err as Error).name).toBe('AbortError');
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(mock.calls).toHaveLength(1);
  });

  it('times out an attempt with a short attemptMs and retries the GET', async () => {
    for (let i = 0; i < 3; i++) {
      mock.pool.intercept({ method: 'GET', path: '/items/a1' }).reply(200, { ok: true }, { headers: JSON_HEADERS }).delay(1_000);
    }
    const err = await upstreamError(get(mock.client({ timeouts: { attemptMs: 40 } })));
    expect(err.kind).toBe('UPSTREAM_TIMEOUT');
    expect(err.retryable).toBe(true);
    expect(mock.calls.map((c) => c.outcome)).toEqual(['UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT', 'UPSTREAM_TIMEOUT']);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2024, 0, 1, 0, 0, 0);
  it('reads seconds, an HTTP-date and RateLimit-Reset', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, now)).toBe(3000);
    expect(parseRetryAfter({ 'retry-after': 'Mon, 01 Jan 2024 00:00:05 GMT' }, now)).toBe(5000);
    expect(parseRetryAfter({ 'retry-after': 'Sun, 31 Dec 2023 23:00:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'ratelimit-reset': '42' }, now)).toBe(42_000);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});
