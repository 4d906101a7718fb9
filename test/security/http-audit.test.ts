/**
 * The GraphQL-over-HTTP audit suite of the `graphql-http` package, run against the production
 * plugin stack (armor, CSRF prevention, masking, error codes) with introspection allowed, once
 * through `app.fetch` and once through the real node server on a loopback port. Every audit,
 * MUST, SHOULD and MAY alike, has to be `ok`; the results also go to the HTML report written to
 * the system temp folder.
 *
 * `graphql-http` is a devDependency of this suite; without it the suite fails with one test that
 * says so.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/server/http-server.js';
import { startStack, type Stack } from '../support/stack.js';

interface AuditResult {
  id?: string;
  name: string;
  status: 'ok' | 'warn' | 'notice' | 'error';
  reason?: string;
}
interface Audit {
  id: string;
  name: string;
  fn(): Promise<AuditResult>;
}
interface GraphqlHttp {
  serverAudits(opts: { url: string | (() => string | Promise<string>); fetchFn?: unknown }): Audit[];
  renderAuditResultsToHTML?(results: AuditResult[]): Promise<string>;
}

const PACKAGE = 'graphql-http';
let lib: GraphqlHttp | null = null;
try {
  lib = (await import(/* @vite-ignore */ PACKAGE)) as GraphqlHttp;
} catch {
  lib = null;
}

let stack: Stack;
let token: string;

beforeAll(async () => {
  stack = await startStack({ introspection: true, sumvin: { seed: { users: ['alice'], sessionsPerUser: 1, messagesPerSession: 1 } } });
  token = await stack.token('alice');
});
afterAll(() => stack?.close());

/** What a first-party client always sends: the CSRF header and its token. */
function withClientHeaders(init: RequestInit = {}): RequestInit {
  const headers = new Headers(init.headers);
  headers.set('x-graphql-yoga-csrf', '1');
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

const appFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
  stack.app.fetch(input instanceof Request ? input.url : String(input), withClientHeaders(init));
const netFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
  fetch(input instanceof Request ? input.url : String(input), withClientHeaders(init));

if (!lib) {
  describe('GraphQL over HTTP audits', () => {
    it('need the graphql-http package (add it as a devDependency)', () => {
      expect.fail(`"${PACKAGE}" is not installed: run npm install --save-dev ${PACKAGE}`);
    });
  });
} else {
  const { serverAudits, renderAuditResultsToHTML } = lib;
  const results: AuditResult[] = [];

  describe('GraphQL over HTTP audits through app.fetch', () => {
    for (const audit of serverAudits({ url: 'http://facade.test/graphql', fetchFn: appFetch })) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        if (result.status !== 'ok') expect.fail(`${audit.id} ${audit.name}: ${result.status}: ${result.reason ?? ''}`);
        expect(result.status).toBe('ok');
      });
    }
  });

  describe('GraphQL over HTTP audits through the node server', () => {
    let server: Server;
    let url = '';
    beforeAll(async () => {
      server = createHttpServer(stack.app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (renderAuditResultsToHTML && results.length > 0) {
        const dir = mkdtempSync(join(tmpdir(), 'graphql-http-audit-'));
        writeFileSync(join(dir, 'report.html'), await renderAuditResultsToHTML(results));
      }
    });

    for (const audit of serverAudits({ url: () => url, fetchFn: netFetch })) {
      it(`${audit.id} ${audit.name}`, async () => {
        const result = await audit.fn();
        results.push({ ...result, id: audit.id });
        if (result.status !== 'ok') expect.fail(`${audit.id} ${audit.name}: ${result.status}: ${result.reason ?? ''}`);
        expect(result.status).toBe('ok');
      });
    }
  });
}
