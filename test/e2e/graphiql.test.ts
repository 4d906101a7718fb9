/**
 * What a newcomer does on a fresh machine: start the server with no upstream configuration (so
 * the embedded emulators and the dev identity provider run), open the printed GraphiQL URL in a
 * headless Chromium, run the pre-filled example query with the demo token, and read the result.
 * The page must work offline: every request it makes goes to the server itself.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { EXAMPLE_QUERY } from '../../src/server/demo.js';
import { start } from '../../src/main.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT = 60_000;

type Running = Awaited<ReturnType<typeof start>>;

/** The text of one of GraphiQL's editors (its Monaco model), by the suffix of the model's URI. */
async function editorText(page: Page, suffix: string): Promise<string | null> {
  return page.evaluate((s) => {
    const monaco = (globalThis as { __MONACO?: { editor: { getModels(): Array<{ uri: { toString(): string }; getValue(): string }> } } }).__MONACO;
    const model = monaco?.editor.getModels().find((m) => m.uri.toString().endsWith(s));
    return model ? model.getValue() : null;
  }, suffix);
}

/** Rendered text of an element; the editor renders spaces as no-break spaces. */
async function shown(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\u00a0/g, ' ');
}

describe('GraphiQL on a fresh machine', () => {
  let running: Running;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];
  const graphqlPosts: Array<{ authorization: string | undefined }> = [];

  beforeAll(async () => {
    running = await start(loadConfig({ PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'silent' }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    page.on('request', (req) => {
      requested.push(req.url());
      if (req.method() === 'POST') graphqlPosts.push({ authorization: req.headers()['authorization'] });
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('prints a GraphiQL URL and a demo token', () => {
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(running.demoToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it(
    'shows the example query and the demo token, runs it with one click and renders demo data from both providers',
    async () => {
      // A browser navigation asks for text/html, which is what makes the server answer with GraphiQL.
      const response = await page.goto(running.url, { waitUntil: 'load' });
      expect((await response!.request().allHeaders())['accept']).toContain('text/html');
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toMatch(/text\/html/);

      const execute = page.locator('button.graphiql-execute-button, button[aria-label^="Execute query"]').first();
      await execute.waitFor({ state: 'visible' });

      // The query editor is pre-filled with the example query.
      await expect.poll(() => shown(page, '.graphiql-query-editor'), { timeout: TIMEOUT }).toContain('query MySessions');
      await expect.poll(() => editorText(page, '-operation.graphql'), { timeout: TIMEOUT }).toBe(EXAMPLE_QUERY);

      // The headers editor holds the demo token.
      const token = running.demoToken!;
      await expect
        .poll(() => shown(page, '.graphiql-editor-tool'), { timeout: TIMEOUT })
        .toContain(`"Authorization": "Bearer ${token.slice(0, 20)}`);
      const headersText = await editorText(page, '-request-headers.json');
      expect(JSON.parse(headersText ?? '{}')).toEqual({ Authorization: `Bearer ${token}` });

      const postsBefore = graphqlPosts.length;
      await execute.click();

      // The result pane renders demo data.
      await expect.poll(() => shown(page, '.graphiql-response'), { timeout: TIMEOUT }).toContain('Planning a trip to Lisbon');
      const visible = await shown(page, '.graphiql-response');
      expect(visible).toContain('"data"');
      expect(visible).toContain('"provider": "ELIZA"');

      // The whole result (the pane only renders the lines in view): data from both providers, no errors.
      const text = await editorText(page, '-response.json');
      expect(text).not.toBeNull();
      const body = JSON.parse(text!) as {
        data?: { sessions: { totalCount: number | null; edges: Array<{ node: { provider: string; title: string | null } }> } };
        errors?: unknown[];
      };
      expect(body.errors).toBeUndefined();
      const nodes = body.data!.sessions.edges.map((e) => e.node);
      expect(nodes.length).toBeGreaterThan(0);
      expect(new Set(nodes.map((n) => n.provider))).toEqual(new Set(['ELIZA', 'SUMVIN']));
      expect(nodes.map((n) => n.title)).toEqual(expect.arrayContaining(['Planning a trip to Lisbon', 'Debugging a flaky test']));
      expect(text).toContain('"provider": "SUMVIN"');

      // The executed operation carried the demo token.
      expect(graphqlPosts.slice(postsBefore).map((p) => p.authorization)).toContain(`Bearer ${token}`);

      const dir = mkdtempSync(join(tmpdir(), 'graphiql-e2e-'));
      await page.screenshot({ path: join(dir, 'graphiql.png') });
    },
    120_000,
  );

  it('made no request to any host other than the server', () => {
    const server = new URL(running.url).origin;
    expect(requested.length).toBeGreaterThan(0);
    const foreign = requested.filter((url) => {
      const u = new URL(url);
      if (u.protocol === 'data:') return false;
      // blob: URLs carry the origin of the page that made them.
      return u.origin !== server;
    });
    expect(foreign).toEqual([]);
  });
});
