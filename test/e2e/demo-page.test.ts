/**
 * The reference chat page (`/demo`) in headless Chromium, against a server started as `npm start`
 * starts it: the inbox of both providers, older messages on scroll, a message to an agent and its
 * streamed reply, live updates between two pages of the same user, and a second user who sees none
 * of the first user's sessions. Screenshots go to
 * test-results/demo-page/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevIdentityProvider } from '../../src/auth/dev-idp.js';
import { loadConfig } from '../../src/config.js';
import { loadOrCreateDevKey } from '../../src/dev/data-dir.js';
import { start } from '../../src/main.js';
import { startElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator } from '../../src/emulator/sumvin/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(process.cwd(), 'test-results', 'demo-page');
const TIMEOUT = 30_000;

type Running = Awaited<ReturnType<typeof start>>;
let running: Running;
let browser: Browser;
let pageUrl: string;
let aliceToken: string;

async function openPage(hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`${pageUrl}${hash}`);
  await page.locator('#inbox[data-loaded="true"]').waitFor();
  return page;
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'demo-page-'));
  running = await start(
    loadConfig({ PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir }),
    { keepData: true },
  );
  pageUrl = running.url.replace(/\/graphql$/, '/demo');
  // a second user's token, as `npm run token -- alice` makes it
  const idp = await createDevIdentityProvider({ privateKey: await loadOrCreateDevKey(dataDir, () => undefined) });
  aliceToken = await idp.issue('alice');
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

describe('the reference chat page', () => {
  it('is served by the facade with its own bundle (no other host)', async () => {
    const res = await fetch(pageUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const script = await fetch(new URL('/demo/app.js', pageUrl));
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('sessions');
  });

  it('renders the inbox with sessions of both providers, and older messages on scroll', async () => {
    const page = await openPage();
    const requested: string[] = [];
    page.on('request', (r) => requested.push(new URL(r.url()).origin));
    await expect.poll(() => page.locator('#inbox li[data-provider="ELIZA"]').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('#inbox li[data-provider="SUMVIN"]').count()).toBeGreaterThan(0);
    await expect(page.locator('#inbox').innerText()).resolves.toContain('Planning a trip to Lisbon');

    // a demo chat has 12 messages: 20 fit one page, so open one with more by adding 15
    await page.locator('#inbox li[data-provider="SUMVIN"]').first().click();
    await expect.poll(() => page.locator('#messages .message').count()).toBe(12);
    for (let i = 0; i < 15; i++) {
      await page.locator('#text').fill(`note ${i}`);
      await page.locator('#send button').click();
      await expect.poll(() => page.locator('#messages .message', { hasText: `note ${i}` }).count()).toBe(1);
    }
    await expect.poll(() => page.locator('#messages').getAttribute('data-has-older')).toBe('true');
    await expect.poll(() => page.locator('#messages .message').count()).toBe(20);
    await page.locator('#messages').evaluate((m) => (m.scrollTop = 0));
    await expect.poll(() => page.locator('#messages .message').count()).toBe(27);
    await page.screenshot({ path: join(SHOTS, 'inbox-and-chat.png') });
    expect(new Set(requested)).toEqual(new Set([new URL(pageUrl).origin]));
    await page.close();
  }, 90_000);

  it('starts an agent session, and a message sent to the agent shows its streamed reply', async () => {
    const page = await openPage();
    await page.locator('#agent').selectOption({ label: 'Ada (active)' });
    await page.locator('#new-agent-session button').click();
    await expect.poll(() => page.locator('#inbox li.open').getAttribute('data-provider')).toBe('ELIZA');
    await page.locator('#text').fill('Hello from the page');
    await page.locator('#send button').click();
    await expect.poll(() => page.locator('#messages .message.ASSISTANT').last().innerText()).toBe('Ada received: Hello from the page');
    await page.screenshot({ path: join(SHOTS, 'agent-reply.png') });
    await page.close();
  }, 60_000);

  it('live: a chat started in one page appears in the other’s inbox, and a message sent in one appears in the other, without reload', async () => {
    const [one, two] = [await openPage(), await openPage()];
    let reloads = 0;
    two.on('framenavigated', (f) => f === two.mainFrame() && reloads++);

    await one.locator('#new-chat input').fill('Live between two pages');
    await one.locator('#new-chat button').click();
    const opened = one.locator('#inbox li.open', { hasText: 'Live between two pages' });
    await opened.waitFor();
    const id = await opened.getAttribute('data-id');

    // inboxEvents: the new chat shows up in the other page
    await two.locator(`#inbox li[data-id="${id}"]`).click();
    await two.locator('#messages .message', { hasText: 'Live between two pages' }).waitFor();
    await two.locator('#messages[data-live="true"]').waitFor();

    // sessionEvents: a message sent in one page is appended in the other, once
    await one.locator('#text').fill('Seen on the other page');
    await one.locator('#send button').click();
    await two.locator('#messages .message', { hasText: 'Seen on the other page' }).waitFor();
    await expect.poll(() => two.locator('#messages .message').allInnerTexts()).toEqual(['Live between two pages', 'Seen on the other page']);
    expect(reloads).toBe(0);
    await two.screenshot({ path: join(SHOTS, 'live-second-page.png') });
    await one.close();
    await two.close();
  }, 60_000);

  it('a second user’s page shows none of the first user’s sessions', async () => {
    const demo = await openPage();
    const demoIds = await demo.locator('#inbox li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id));
    expect(demoIds.length).toBeGreaterThan(0);
    await demo.close();

    const page = await openPage(`#token=${aliceToken}`);
    await page.locator('#new-chat input').fill('Alice’s own chat');
    await page.locator('#new-chat button').click();
    await expect.poll(() => page.locator('#inbox li').count()).toBe(1);
    const ids = await page.locator('#inbox li').evaluateAll((lis) => lis.map((li) => (li as HTMLElement).dataset.id));
    expect(ids.filter((id) => demoIds.includes(id))).toEqual([]);
    await expect(page.locator('#inbox').innerText()).resolves.not.toContain('Planning a trip to Lisbon');
    await page.screenshot({ path: join(SHOTS, 'second-user.png') });
    await page.close();
  }, 60_000);
});

describe('in production', () => {
  it('there is no /demo', async () => {
    const sumvin = await startSumvinEmulator({});
    const eliza = await startElizaEmulator({});
    const prod = await start(
      loadConfig({
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SUMVIN_API_URL: sumvin.url,
        ELIZA_API_URL: eliza.url,
        AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
      }),
    );
    try {
      const base = prod.url.replace(/\/graphql$/, '');
      for (const path of ['/demo', '/demo/app.js']) expect((await fetch(`${base}${path}`)).status).toBe(404);
    } finally {
      await prod.close();
      await sumvin.close();
      await eliza.close();
    }
  }, 30_000);
});
