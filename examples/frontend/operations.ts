// operations.ts: select `__typename` wherever a field returns `Session` (or another interface or
// union), so that TypeScript narrows on it: `if (s.__typename === 'AgentSession') s.status`.
import { graphql } from './gql/index.js';

export const InboxQuery = graphql(`
  query Inbox($first: Int!, $after: String) {
    sessions(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          __typename
          id
          provider
          title
          lastActivityAt
          ... on ChatSession { messageCount preview }
          ... on AgentSession { agentId status expiresAt }
        }
      }
    }
  }
`);

export const AgentsQuery = graphql(`
  query Agents {
    agents { id name status }
  }
`);

export const MessagesQuery = graphql(`
  query Messages($id: ID!, $before: String) {
    session(id: $id) {
      __typename
      id
      title
      ... on AgentSession { status }
      messages(last: 20, before: $before) {
        pageInfo { hasPreviousPage startCursor }
        edges { node { id role text createdAt } }
      }
    }
  }
`);

export const StartChatMutation = graphql(`
  mutation StartChat($title: String, $text: String!) {
    createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {
      session { id title }
    }
  }
`);

export const SaveChatMessageMutation = graphql(`
  mutation SaveChatMessage($sessionId: ID!, $text: String!) {
    saveChatMessages(input: { sessionId: $sessionId, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {
      messageIds
    }
  }
`);

export const StartAgentSessionMutation = graphql(`
  mutation StartAgentSession($agentId: String!) {
    createAgentSession(input: { agentId: $agentId }) {
      session { id title }
    }
  }
`);

export const AgentReplySubscription = graphql(`
  subscription AgentReply($sessionId: ID!, $text: String!) {
    agentReply(input: { sessionId: $sessionId, text: $text }) {
      __typename
      ... on AgentMessageAccepted { userMessage { id text } }
      ... on AgentReplyChunk { index text }
      ... on AgentReplyCompleted { reply { id text } }
    }
  }
`);

export const SessionEventsSubscription = graphql(`
  subscription SessionEvents($sessionId: ID!) {
    sessionEvents(sessionId: $sessionId) {
      __typename
      ... on MessageAdded { message { id role text } }
    }
  }
`);

export const InboxEventsSubscription = graphql(`
  subscription InboxEvents {
    inboxEvents {
      __typename
      ... on SessionCreated { session { id title } }
      ... on SessionUpdated { session { id title } }
      ... on SessionRemoved { sessionId reason }
    }
  }
`);
