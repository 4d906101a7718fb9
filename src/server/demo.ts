import { elizaUserId } from '../auth/eliza-user-id.js';

/** The demo user of the fresh-machine default and the data seeded for them. */
export const DEMO_SUBJECT = 'demo-user';

export const demoElizaUserId = (issuer: string): string => elizaUserId(issuer, DEMO_SUBJECT);

export const DEMO_SUMVIN_SEED = { users: [DEMO_SUBJECT], sessionsPerUser: 6, messagesPerSession: 12 };

export function demoElizaSeed(issuer: string) {
  const userId = demoElizaUserId(issuer);
  return {
    sessions: [
      { userId, count: 1, messagesPerSession: 8, metadata: { title: 'Planning a trip to Lisbon', platform: 'web' } },
      { userId, count: 1, messagesPerSession: 4, metadata: { title: 'Debugging a flaky test', platform: 'web' } },
      { userId, count: 1, messagesPerSession: 0, metadata: { title: 'New conversation', platform: 'mobile' } },
    ],
  };
}

export const EXAMPLE_QUERY = `# Your sessions on both providers, most recent first, with their newest messages.
query MySessions {
  sessions(first: 10) {
    totalCount
    edges {
      cursor
      node {
        id
        provider
        title
        lastActivityAt
        ... on AgentSession { agentId expiresAt status }
        ... on ChatSession { messageCount preview }
        messages(last: 3) {
          edges {
            node {
              role
              text
              createdAt
            }
          }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;
