/**
 * The README's frontend recipes (examples/frontend, shown there verbatim), run as written against a
 * server started as `npm start` starts it: the client codegen is current, and urql, Apollo Client,
 * graphql-request, graphql-sse and graphql-ws each talk to the facade with the settings the README gives.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/main.js';
import { createApolloClient, inboxWithApollo } from '../../examples/frontend/apollo.js';
import { createRequestClient, inboxWithGraphqlRequest } from '../../examples/frontend/graphql-request.js';
import { InboxQuery, StartAgentSessionMutation, StartChatMutation } from '../../examples/frontend/operations.js';
import { createSseClient, talkToAgent } from '../../examples/frontend/sse.js';
import { createUrqlClient, inboxWithUrql } from '../../examples/frontend/urql.js';
import { createWsClient, watchInbox } from '../../examples/frontend/ws.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RECIPES = ['codegen.ts', 'operations.ts', 'urql.ts', 'apollo.ts', 'graphql-request.ts', 'sse.ts', 'ws.ts'];

type Running = Awaited<ReturnType<typeof start>>;
let running: Running;
let token: string;

beforeAll(async () => {
  running = await start(loadConfig({ PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'silent' }));
  token = running.demoToken!;
}, 60_000);

afterAll(async () => {
  await running?.close();
});

describe('the recipes are the README’s', () => {
  const readme = readFileSync(`${ROOT}README.md`, 'utf8');
  it.each(RECIPES)('README shows examples/frontend/%s verbatim', (file) => {
    const text = readFileSync(`${ROOT}examples/frontend/${file}`, 'utf8').trim();
    expect(readme).toContain(text);
  });

  it('the client codegen output is current', () => {
    execFileSync(process.execPath, ['node_modules/@graphql-codegen/cli/cjs/bin.js', '--config', 'examples/frontend/codegen.ts', '--check'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }, 60_000);
});

describe('each client, as set up in the README', () => {
  const demoTitles = expect.arrayContaining([
    expect.stringContaining('Planning a trip to Lisbon (agent, ACTIVE)'),
    expect.stringMatching(/ \(12 messages\)$/),
  ]);

  it('urql (POST): the inbox of both providers, narrowed by __typename', async () => {
    expect(await inboxWithUrql(createUrqlClient(running.url, token))).toEqual(demoTitles);
  });

  it('urql with its default GET queries is refused by the CSRF check: why the recipe sets preferGetMethod: false', async () => {
    const client = new Client({
      url: running.url,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${token}` } },
    });
    const { error } = await client.query(InboxQuery, { first: 1 }).toPromise();
    expect(error?.response?.status).toBe(403);
    // the header named in the README satisfies it for GET too
    const withHeader = new Client({
      url: running.url,
      exchanges: [cacheExchange, fetchExchange],
      fetchOptions: { headers: { authorization: `Bearer ${token}`, 'x-graphql-yoga-csrf': '1' } },
    });
    const ok = await withHeader.query(InboxQuery, { first: 1 }).toPromise();
    expect(ok.error).toBeUndefined();
    expect(ok.data?.sessions.edges).toHaveLength(1);
  });

  it('Apollo Client', async () => {
    expect(await inboxWithApollo(createApolloClient(running.url, token))).toEqual(demoTitles);
  });

  it('graphql-request: the inbox and the agents', async () => {
    const out = await inboxWithGraphqlRequest(createRequestClient(running.url, token));
    expect(out.titles).toContain('Planning a trip to Lisbon');
    expect(out.agents).toEqual(expect.arrayContaining([expect.stringMatching(/^Ada [0-9a-f-]{36}$/)]));
  });

  it('graphql-sse: an agent’s reply, streamed', async () => {
    const client = createRequestClient(running.url, token);
    const ada = (await inboxWithGraphqlRequest(client)).agents.find((a) => a.startsWith('Ada '))!.slice(4);
    const { createAgentSession } = await client.request(StartAgentSessionMutation, { agentId: ada });
    const seen: string[] = [];
    const reply = await talkToAgent(createSseClient(running.url, token), createAgentSession!.session.id, 'Hello!', (t) => seen.push(t));
    expect(reply).toBe('Ada received: Hello!');
    expect(seen.at(-1)).toBe(reply);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('graphql-ws: a chat started over HTTP arrives on inboxEvents', async () => {
    let onConnected = () => {};
    const connected = new Promise<void>((resolve) => (onConnected = resolve));
    const ws = createWsClient(running.url.replace(/^http/, 'ws'), token, { webSocketImpl: WebSocket, on: { connected: () => onConnected() } });
    const created = new Promise<string>((resolve, reject) => {
      watchInbox(ws, (e) => e.__typename === 'SessionCreated' && resolve(e.session.title ?? ''), reject);
    });
    try {
      await connected;
      const { createChatSession } = await createRequestClient(running.url, token).request(StartChatMutation, { title: 'Over graphql-ws', text: 'hi' });
      expect(createChatSession?.session.title).toBe('Over graphql-ws');
      expect(await created).toBe('Over graphql-ws');
    } finally {
      await ws.dispose();
    }
  });
});
