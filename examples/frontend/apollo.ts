// Apollo Client 4 (npm i @apollo/client graphql rxjs): queries, mutations
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { InboxQuery } from './operations.js';

export function createApolloClient(url: string, token: string): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
    cache: new InMemoryCache({
      // interfaces and unions, so that fragments on them match
      possibleTypes: {
        Node: ['ChatSession', 'AgentSession', 'Message'],
        Session: ['ChatSession', 'AgentSession'],
      },
    }),
  });
}

export async function inboxWithApollo(client: ApolloClient) {
  const { data, error } = await client.query({ query: InboxQuery, variables: { first: 10 } });
  if (error) throw error;
  return data!.sessions.edges.map(({ node }) =>
    node.__typename === 'AgentSession' ? `${node.title} (agent, ${node.status})` : `${node.title} (${node.messageCount} messages)`,
  );
}
