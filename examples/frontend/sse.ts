// graphql-sse (npm i graphql-sse): subscriptions, e.g. an agent's reply as it is written
import { createClient, type Client } from 'graphql-sse';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { AgentReplySubscription } from './operations.js';

export function createSseClient(url: string, token: string): Client {
  // the default "distinct connections" mode: one POST with `Accept: text/event-stream` per
  // subscription (the server does not offer graphql-sse's single-connection mode)
  return createClient({ url, headers: { authorization: `Bearer ${token}` } });
}

/** Sends `text` to the agent of session `sessionId`; calls `onText` with the reply so far. */
export async function talkToAgent(client: Client, sessionId: string, text: string, onText: (soFar: string) => void) {
  let reply = '';
  const events = client.iterate<ResultOf<typeof AgentReplySubscription>>({
    query: print(AgentReplySubscription),
    variables: { sessionId, text },
  });
  for await (const { data, errors } of events) {
    if (errors) throw new Error(errors.map((e) => e.message).join('; '));
    const event = data?.agentReply;
    if (event?.__typename === 'AgentReplyChunk') reply += event.text;
    if (event?.__typename === 'AgentReplyCompleted') reply = event.reply?.text ?? reply;
    onText(reply);
  }
  return reply;
}
