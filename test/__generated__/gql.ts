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
    "mutation AppendMessage($input: SaveChatMessagesInput!) {\n  saveChatMessages(input: $input) {\n    savedCount\n    messageIds\n    session {\n      messageCount\n      preview\n      messages(last: 5) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}": typeof types.AppendMessageDocument,
    "mutation StartAgentSession($agentId: String!, $metadata: JSONObject) {\n  createAgentSession(\n    input: {agentId: $agentId, metadata: $metadata, timeoutConfig: {timeoutMinutes: 60}}\n  ) {\n    session {\n      id\n      agentId\n      title\n      expiresAt\n      timeoutConfig {\n        timeoutMinutes\n        autoRenew\n        maxDurationMinutes\n        warningThresholdMinutes\n      }\n    }\n  }\n}": typeof types.StartAgentSessionDocument,
    "mutation StartChat($input: CreateChatSessionInput!) {\n  createChatSession(input: $input) {\n    messageIds\n    session {\n      id\n      sessionId\n      title\n      messageCount\n      preview\n      messages(last: 20) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}": typeof types.StartChatDocument,
    "mutation TalkToAgent($sessionId: ID!, $text: String!) {\n  sendAgentMessage(input: {sessionId: $sessionId, text: $text}) {\n    userMessage {\n      id\n      role\n      text\n      createdAt\n    }\n    reply {\n      id\n      role\n      text\n      createdAt\n    }\n    wasRenewed\n    session {\n      id\n      status\n      expiresAt\n      timeRemaining\n    }\n  }\n}": typeof types.TalkToAgentDocument,
    "query MySessions($first: Int, $after: String, $last: Int, $before: String, $provider: Provider, $search: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    provider: $provider\n    search: $search\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        title\n        createdAt\n        lastActivityAt\n        messageCount\n        ... on ChatSession {\n          sessionId\n          preview\n        }\n        ... on AgentSession {\n          sessionId\n          agentId\n          status\n          expiresAt\n        }\n      }\n    }\n  }\n}": typeof types.MySessionsDocument,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Message {\n      text\n      role\n      session {\n        id\n        title\n      }\n    }\n    ... on Session {\n      provider\n      title\n    }\n  }\n}": typeof types.NodeByIdDocument,
    "query SessionMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n  session(id: $id) {\n    id\n    provider\n    messages(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          messageId\n          role\n          rawRole\n          text\n          createdAt\n          sequence\n        }\n      }\n    }\n  }\n}": typeof types.SessionMessagesDocument,
};
const documents: Documents = {
    "mutation AppendMessage($input: SaveChatMessagesInput!) {\n  saveChatMessages(input: $input) {\n    savedCount\n    messageIds\n    session {\n      messageCount\n      preview\n      messages(last: 5) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}": types.AppendMessageDocument,
    "mutation StartAgentSession($agentId: String!, $metadata: JSONObject) {\n  createAgentSession(\n    input: {agentId: $agentId, metadata: $metadata, timeoutConfig: {timeoutMinutes: 60}}\n  ) {\n    session {\n      id\n      agentId\n      title\n      expiresAt\n      timeoutConfig {\n        timeoutMinutes\n        autoRenew\n        maxDurationMinutes\n        warningThresholdMinutes\n      }\n    }\n  }\n}": types.StartAgentSessionDocument,
    "mutation StartChat($input: CreateChatSessionInput!) {\n  createChatSession(input: $input) {\n    messageIds\n    session {\n      id\n      sessionId\n      title\n      messageCount\n      preview\n      messages(last: 20) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}": types.StartChatDocument,
    "mutation TalkToAgent($sessionId: ID!, $text: String!) {\n  sendAgentMessage(input: {sessionId: $sessionId, text: $text}) {\n    userMessage {\n      id\n      role\n      text\n      createdAt\n    }\n    reply {\n      id\n      role\n      text\n      createdAt\n    }\n    wasRenewed\n    session {\n      id\n      status\n      expiresAt\n      timeRemaining\n    }\n  }\n}": types.TalkToAgentDocument,
    "query MySessions($first: Int, $after: String, $last: Int, $before: String, $provider: Provider, $search: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    provider: $provider\n    search: $search\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        title\n        createdAt\n        lastActivityAt\n        messageCount\n        ... on ChatSession {\n          sessionId\n          preview\n        }\n        ... on AgentSession {\n          sessionId\n          agentId\n          status\n          expiresAt\n        }\n      }\n    }\n  }\n}": types.MySessionsDocument,
    "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Message {\n      text\n      role\n      session {\n        id\n        title\n      }\n    }\n    ... on Session {\n      provider\n      title\n    }\n  }\n}": types.NodeByIdDocument,
    "query SessionMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n  session(id: $id) {\n    id\n    provider\n    messages(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          messageId\n          role\n          rawRole\n          text\n          createdAt\n          sequence\n        }\n      }\n    }\n  }\n}": types.SessionMessagesDocument,
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
export function graphql(source: "mutation AppendMessage($input: SaveChatMessagesInput!) {\n  saveChatMessages(input: $input) {\n    savedCount\n    messageIds\n    session {\n      messageCount\n      preview\n      messages(last: 5) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["mutation AppendMessage($input: SaveChatMessagesInput!) {\n  saveChatMessages(input: $input) {\n    savedCount\n    messageIds\n    session {\n      messageCount\n      preview\n      messages(last: 5) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartAgentSession($agentId: String!, $metadata: JSONObject) {\n  createAgentSession(\n    input: {agentId: $agentId, metadata: $metadata, timeoutConfig: {timeoutMinutes: 60}}\n  ) {\n    session {\n      id\n      agentId\n      title\n      expiresAt\n      timeoutConfig {\n        timeoutMinutes\n        autoRenew\n        maxDurationMinutes\n        warningThresholdMinutes\n      }\n    }\n  }\n}"): (typeof documents)["mutation StartAgentSession($agentId: String!, $metadata: JSONObject) {\n  createAgentSession(\n    input: {agentId: $agentId, metadata: $metadata, timeoutConfig: {timeoutMinutes: 60}}\n  ) {\n    session {\n      id\n      agentId\n      title\n      expiresAt\n      timeoutConfig {\n        timeoutMinutes\n        autoRenew\n        maxDurationMinutes\n        warningThresholdMinutes\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation StartChat($input: CreateChatSessionInput!) {\n  createChatSession(input: $input) {\n    messageIds\n    session {\n      id\n      sessionId\n      title\n      messageCount\n      preview\n      messages(last: 20) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["mutation StartChat($input: CreateChatSessionInput!) {\n  createChatSession(input: $input) {\n    messageIds\n    session {\n      id\n      sessionId\n      title\n      messageCount\n      preview\n      messages(last: 20) {\n        edges {\n          node {\n            messageId\n            role\n            text\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TalkToAgent($sessionId: ID!, $text: String!) {\n  sendAgentMessage(input: {sessionId: $sessionId, text: $text}) {\n    userMessage {\n      id\n      role\n      text\n      createdAt\n    }\n    reply {\n      id\n      role\n      text\n      createdAt\n    }\n    wasRenewed\n    session {\n      id\n      status\n      expiresAt\n      timeRemaining\n    }\n  }\n}"): (typeof documents)["mutation TalkToAgent($sessionId: ID!, $text: String!) {\n  sendAgentMessage(input: {sessionId: $sessionId, text: $text}) {\n    userMessage {\n      id\n      role\n      text\n      createdAt\n    }\n    reply {\n      id\n      role\n      text\n      createdAt\n    }\n    wasRenewed\n    session {\n      id\n      status\n      expiresAt\n      timeRemaining\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MySessions($first: Int, $after: String, $last: Int, $before: String, $provider: Provider, $search: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    provider: $provider\n    search: $search\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        title\n        createdAt\n        lastActivityAt\n        messageCount\n        ... on ChatSession {\n          sessionId\n          preview\n        }\n        ... on AgentSession {\n          sessionId\n          agentId\n          status\n          expiresAt\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query MySessions($first: Int, $after: String, $last: Int, $before: String, $provider: Provider, $search: String) {\n  sessions(\n    first: $first\n    after: $after\n    last: $last\n    before: $before\n    provider: $provider\n    search: $search\n  ) {\n    totalCount\n    pageInfo {\n      hasNextPage\n      hasPreviousPage\n      startCursor\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        title\n        createdAt\n        lastActivityAt\n        messageCount\n        ... on ChatSession {\n          sessionId\n          preview\n        }\n        ... on AgentSession {\n          sessionId\n          agentId\n          status\n          expiresAt\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Message {\n      text\n      role\n      session {\n        id\n        title\n      }\n    }\n    ... on Session {\n      provider\n      title\n    }\n  }\n}"): (typeof documents)["query NodeById($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n    ... on Message {\n      text\n      role\n      session {\n        id\n        title\n      }\n    }\n    ... on Session {\n      provider\n      title\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SessionMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n  session(id: $id) {\n    id\n    provider\n    messages(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          messageId\n          role\n          rawRole\n          text\n          createdAt\n          sequence\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query SessionMessages($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {\n  session(id: $id) {\n    id\n    provider\n    messages(first: $first, after: $after, last: $last, before: $before) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          messageId\n          role\n          rawRole\n          text\n          createdAt\n          sequence\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;