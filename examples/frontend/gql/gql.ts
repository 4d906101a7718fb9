/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Inbox($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          __typename\n          id\n          provider\n          title\n          lastActivityAt\n          ... on ChatSession { messageCount preview }\n          ... on AgentSession { agentId status expiresAt }\n        }\n      }\n    }\n  }\n": typeof types.InboxDocument,
    "\n  query Agents {\n    agents { id name status }\n  }\n": typeof types.AgentsDocument,
    "\n  query Messages($id: ID!, $before: String) {\n    session(id: $id) {\n      __typename\n      id\n      title\n      ... on AgentSession { status }\n      messages(last: 20, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        edges { node { id role text createdAt } }\n      }\n    }\n  }\n": typeof types.MessagesDocument,
    "\n  mutation StartChat($title: String, $text: String!) {\n    createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      session { id title }\n    }\n  }\n": typeof types.StartChatDocument,
    "\n  mutation SaveChatMessage($sessionId: ID!, $text: String!) {\n    saveChatMessages(input: { sessionId: $sessionId, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      messageIds\n    }\n  }\n": typeof types.SaveChatMessageDocument,
    "\n  mutation StartAgentSession($agentId: String!) {\n    createAgentSession(input: { agentId: $agentId }) {\n      session { id title }\n    }\n  }\n": typeof types.StartAgentSessionDocument,
    "\n  subscription AgentReply($sessionId: ID!, $text: String!) {\n    agentReply(input: { sessionId: $sessionId, text: $text }) {\n      __typename\n      ... on AgentMessageAccepted { userMessage { id text } }\n      ... on AgentReplyChunk { index text }\n      ... on AgentReplyCompleted { reply { id text } }\n    }\n  }\n": typeof types.AgentReplyDocument,
    "\n  subscription SessionEvents($sessionId: ID!) {\n    sessionEvents(sessionId: $sessionId) {\n      __typename\n      ... on MessageAdded { message { id role text } }\n    }\n  }\n": typeof types.SessionEventsDocument,
    "\n  subscription InboxEvents {\n    inboxEvents {\n      __typename\n      ... on SessionCreated { session { id title } }\n      ... on SessionUpdated { session { id title } }\n      ... on SessionRemoved { sessionId reason }\n    }\n  }\n": typeof types.InboxEventsDocument,
};
const documents: Documents = {
    "\n  query Inbox($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          __typename\n          id\n          provider\n          title\n          lastActivityAt\n          ... on ChatSession { messageCount preview }\n          ... on AgentSession { agentId status expiresAt }\n        }\n      }\n    }\n  }\n": types.InboxDocument,
    "\n  query Agents {\n    agents { id name status }\n  }\n": types.AgentsDocument,
    "\n  query Messages($id: ID!, $before: String) {\n    session(id: $id) {\n      __typename\n      id\n      title\n      ... on AgentSession { status }\n      messages(last: 20, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        edges { node { id role text createdAt } }\n      }\n    }\n  }\n": types.MessagesDocument,
    "\n  mutation StartChat($title: String, $text: String!) {\n    createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      session { id title }\n    }\n  }\n": types.StartChatDocument,
    "\n  mutation SaveChatMessage($sessionId: ID!, $text: String!) {\n    saveChatMessages(input: { sessionId: $sessionId, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      messageIds\n    }\n  }\n": types.SaveChatMessageDocument,
    "\n  mutation StartAgentSession($agentId: String!) {\n    createAgentSession(input: { agentId: $agentId }) {\n      session { id title }\n    }\n  }\n": types.StartAgentSessionDocument,
    "\n  subscription AgentReply($sessionId: ID!, $text: String!) {\n    agentReply(input: { sessionId: $sessionId, text: $text }) {\n      __typename\n      ... on AgentMessageAccepted { userMessage { id text } }\n      ... on AgentReplyChunk { index text }\n      ... on AgentReplyCompleted { reply { id text } }\n    }\n  }\n": types.AgentReplyDocument,
    "\n  subscription SessionEvents($sessionId: ID!) {\n    sessionEvents(sessionId: $sessionId) {\n      __typename\n      ... on MessageAdded { message { id role text } }\n    }\n  }\n": types.SessionEventsDocument,
    "\n  subscription InboxEvents {\n    inboxEvents {\n      __typename\n      ... on SessionCreated { session { id title } }\n      ... on SessionUpdated { session { id title } }\n      ... on SessionRemoved { sessionId reason }\n    }\n  }\n": types.InboxEventsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Inbox($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          __typename\n          id\n          provider\n          title\n          lastActivityAt\n          ... on ChatSession { messageCount preview }\n          ... on AgentSession { agentId status expiresAt }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Inbox($first: Int!, $after: String) {\n    sessions(first: $first, after: $after) {\n      pageInfo { hasNextPage endCursor }\n      edges {\n        node {\n          __typename\n          id\n          provider\n          title\n          lastActivityAt\n          ... on ChatSession { messageCount preview }\n          ... on AgentSession { agentId status expiresAt }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Agents {\n    agents { id name status }\n  }\n"): (typeof documents)["\n  query Agents {\n    agents { id name status }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Messages($id: ID!, $before: String) {\n    session(id: $id) {\n      __typename\n      id\n      title\n      ... on AgentSession { status }\n      messages(last: 20, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        edges { node { id role text createdAt } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Messages($id: ID!, $before: String) {\n    session(id: $id) {\n      __typename\n      id\n      title\n      ... on AgentSession { status }\n      messages(last: 20, before: $before) {\n        pageInfo { hasPreviousPage startCursor }\n        edges { node { id role text createdAt } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartChat($title: String, $text: String!) {\n    createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      session { id title }\n    }\n  }\n"): (typeof documents)["\n  mutation StartChat($title: String, $text: String!) {\n    createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      session { id title }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveChatMessage($sessionId: ID!, $text: String!) {\n    saveChatMessages(input: { sessionId: $sessionId, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      messageIds\n    }\n  }\n"): (typeof documents)["\n  mutation SaveChatMessage($sessionId: ID!, $text: String!) {\n    saveChatMessages(input: { sessionId: $sessionId, messages: [{ role: USER, parts: [{ text: { text: $text } }] }] }) {\n      messageIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartAgentSession($agentId: String!) {\n    createAgentSession(input: { agentId: $agentId }) {\n      session { id title }\n    }\n  }\n"): (typeof documents)["\n  mutation StartAgentSession($agentId: String!) {\n    createAgentSession(input: { agentId: $agentId }) {\n      session { id title }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AgentReply($sessionId: ID!, $text: String!) {\n    agentReply(input: { sessionId: $sessionId, text: $text }) {\n      __typename\n      ... on AgentMessageAccepted { userMessage { id text } }\n      ... on AgentReplyChunk { index text }\n      ... on AgentReplyCompleted { reply { id text } }\n    }\n  }\n"): (typeof documents)["\n  subscription AgentReply($sessionId: ID!, $text: String!) {\n    agentReply(input: { sessionId: $sessionId, text: $text }) {\n      __typename\n      ... on AgentMessageAccepted { userMessage { id text } }\n      ... on AgentReplyChunk { index text }\n      ... on AgentReplyCompleted { reply { id text } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription SessionEvents($sessionId: ID!) {\n    sessionEvents(sessionId: $sessionId) {\n      __typename\n      ... on MessageAdded { message { id role text } }\n    }\n  }\n"): (typeof documents)["\n  subscription SessionEvents($sessionId: ID!) {\n    sessionEvents(sessionId: $sessionId) {\n      __typename\n      ... on MessageAdded { message { id role text } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription InboxEvents {\n    inboxEvents {\n      __typename\n      ... on SessionCreated { session { id title } }\n      ... on SessionUpdated { session { id title } }\n      ... on SessionRemoved { sessionId reason }\n    }\n  }\n"): (typeof documents)["\n  subscription InboxEvents {\n    inboxEvents {\n      __typename\n      ... on SessionCreated { session { id title } }\n      ... on SessionUpdated { session { id title } }\n      ... on SessionRemoved { sessionId reason }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;