/**
 * SIGTERM while operations are in flight, against the server as it runs in production (a child
 * process): readiness turns 503 at once, new connections are refused, a slow query already sent
 * gets its full answer (with `connection: close`), and the process exits with 0. (Streams open at
 * the deadline: test/server/stream-shutdown.test.ts.)
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, startChild, until, upstreamCalls, type Child } from './child.js';

let child: Child;

beforeAll(async () => {
  child = await startChild({ METRICS_PORT: '0', EMULATOR_CONTROLS: 'true', SHUTDOWN_TIMEOUT_MS: '3000', LOG_LEVEL: 'info' });
});
afterAll(() => {
  if (child.proc.exitCode === null) child.proc.kill('SIGKILL');
});

const QUERY = '{ sessions(first: 3, provider: SUMVIN) { totalCount edges { node { title } } } }';

function gql(body: unknown, accept = 'application/json'): Promise<Response> {
  return fetch(child.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept, authorization: `Bearer ${child.token}` },
    body: JSON.stringify(body),
  });
}

/** A POST over node:http, so the answer's `connection` header can be read. */
function slowQuery(): Promise<{ status: number; connection: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ query: QUERY });
    const req = httpRequest(child.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${child.token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('SIGTERM', () => {
  it('drains: 503 on /ready, no new connections, the in-flight answer completes, exit 0', { timeout: 90_000 }, async () => {
    const before = (await (await gql({ query: QUERY })).json()) as { data: unknown };
    expect(before).toHaveProperty('data.sessions.totalCount');
    expect((await fetch(`${child.opsUrl}/ready`)).status).toBe(200);

    // Sumvin answers after 1.5 s, within the 3 s drain
    await control(child.sumvinUrl, 'latency', { ms: 1500 });
    const sumvinBefore = await upstreamCalls(child.sumvinUrl);

    const slow = slowQuery();
    await until(async () => (await upstreamCalls(child.sumvinUrl)) > sumvinBefore);

    child.proc.kill('SIGTERM');
    let ready: Response | undefined;
    await until(async () => {
      ready = await fetch(`${child.opsUrl}/ready`);
      return ready.status === 503;
    });
    expect(await ready!.json()).toMatchObject({ status: 'draining' });
    await expect(fetch(`${child.url.replace('/graphql', '/health')}`)).rejects.toThrow();

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(before);
    expect(answer.connection).toBe('close');

    expect(await child.exited).toBe(0);
    expect(child.lines.some((l) => l.startsWith('SIGTERM: draining'))).toBe(true);
  });
});
