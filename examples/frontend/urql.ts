// urql (npm i @urql/core): queries, mutations
import { Client, cacheExchange, fetchExchange } from '@urql/core';
import { InboxQuery } from './operations.js';

export function createUrqlClient(url: string, token: string): Client {
  return new Client({
    url, // http://127.0.0.1:4000/graphql
    exchanges: [cacheExchange, fetchExchange],
    // urql sends queries as GET by default, which the server's CSRF check refuses (403) unless
    // the request carries `x-graphql-yoga-csrf`; POST them instead
    preferGetMethod: false,
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });
}

export async function inboxWithUrql(client: Client) {
  const { data, error } = await client.query(InboxQuery, { first: 10 }).toPromise();
  if (error) throw error;
  return data!.sessions.edges.map(({ node }) =>
    node.__typename === 'AgentSession' ? `${node.title} (agent, ${node.status})` : `${node.title} (${node.messageCount} messages)`,
  );
}
