/**
 * The facade as `npm start` runs it (default mode): graphql-ws answers on the GraphQL port and path
 * with the demo token, and closing the facade with a subscription open ends it (nothing hangs).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { start } from '../../src/main.js';
import { liveClient } from '../support/live-clients.js';

describe('graphql-ws in the running facade', () => {
  it('serves the demo inbox over WebSocket and closes with a subscription open', async () => {
    const running = await start(loadConfig({ PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'silent' }));
    const client = liveClient(running.url);
    try {
      const sessions = client.subscribe('ws', 'subscription { inboxEvents { __typename } }', {}, running.demoToken!);
      const created = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${running.demoToken}` },
        body: JSON.stringify({ query: 'mutation { createChatSession(input: { title: "live", messages: [{ role: USER, parts: [{ text: { text: "hi" } }] }] }) { session { id } } }' }),
      });
      expect(created.status).toBe(200);
      // the subscription may have started after the write: write until it is seen
      let seen: unknown;
      for (let i = 0; i < 50 && !seen; i++) {
        seen = await sessions.next(100).then((p) => p.data?.inboxEvents, () => undefined);
        if (!seen) {
          await fetch(running.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${running.demoToken}` },
            body: JSON.stringify({ query: 'mutation { createChatSession(input: { messages: [{ role: USER, parts: [{ text: { text: "again" } }] }] }) { session { id } } }' }),
          });
        }
      }
      expect(seen).toEqual({ __typename: 'SessionCreated' });
      await running.close();
      await sessions.ended();
    } finally {
      await client.close();
    }
  }, 30_000);
});
