// graphql-request (npm i graphql-request graphql): queries, mutations
import { GraphQLClient } from 'graphql-request';
import { AgentsQuery, InboxQuery } from './operations.js';

export function createRequestClient(url: string, token: string): GraphQLClient {
  return new GraphQLClient(url, { headers: { authorization: `Bearer ${token}` } });
}

export async function inboxWithGraphqlRequest(client: GraphQLClient) {
  const { sessions } = await client.request(InboxQuery, { first: 10 });
  const { agents } = await client.request(AgentsQuery);
  return { titles: sessions.edges.map((e) => e.node.title), agents: agents.map((a) => `${a.name} ${a.id}`) };
}
