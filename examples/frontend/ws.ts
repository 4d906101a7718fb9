// graphql-ws (npm i graphql-ws): subscriptions over one WebSocket, e.g. live changes to the inbox
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import { print } from 'graphql';
import type { ResultOf } from '@graphql-typed-document-node/core';
import { InboxEventsSubscription } from './operations.js';

type InboxEvent = ResultOf<typeof InboxEventsSubscription>['inboxEvents'];

/** `url`: the same path as HTTP, e.g. ws://127.0.0.1:4000/graphql. The token goes in connectionParams
 * (a browser WebSocket cannot set headers). Outside a browser, before Node 22, pass
 * `{ webSocketImpl: WebSocket }` from the `ws` package. */
export function createWsClient(url: string, token: string, options: Partial<ClientOptions> = {}): Client {
  return createClient({ url, connectionParams: { Authorization: `Bearer ${token}` }, ...options });
}

/** Calls `onEvent` for each change to the caller's sessions (created, updated, removed); returns a stop function. */
export function watchInbox(client: Client, onEvent: (event: InboxEvent) => void, onError: (err: unknown) => void = console.error) {
  return client.subscribe<ResultOf<typeof InboxEventsSubscription>>(
    { query: print(InboxEventsSubscription) },
    { next: ({ data }) => data && onEvent(data.inboxEvents), error: onError, complete: () => {} },
  );
}
