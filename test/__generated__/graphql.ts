/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type AgentSessionStatus =
  /** Live: messages can be sent. */
  | 'ACTIVE'
  /** Past its expiry time: create a new session to go on. */
  | 'EXPIRED';

/** A message to store in a Sumvin chat session. */
export type ChatMessageInput = {
  /** When the message was written; the upstream’s receive time when omitted. */
  createdAt?: string | null | undefined;
  /** The message id, 1..64 characters, unique within the call. Saving a message with an id the session already has replaces that message. When omitted, this API generates `msg-` + 32 hex characters (returned in `messageIds`); send it again to update the message later. */
  id?: string | null | undefined;
  /** Stored as the message’s metadata; at most 10240 characters as JSON. */
  metadata?: Record<string, unknown> | null | undefined;
  /** At most 100 parts. */
  parts: Array<MessagePartInput>;
  /** The role to store as is (1..64 characters, not blank), e.g. `tool_result` or `moderator`; it must read back as `role` (OTHER for a role this API does not know). */
  rawRole?: string | null | undefined;
  /** Stored as `user`, `assistant`, `system` or `tool`; OTHER needs `rawRole`. */
  role: MessageRole;
};

/** A new Sumvin chat session with its first messages. */
export type CreateChatSessionInput = {
  /** 1..100 messages. */
  messages: Array<ChatMessageInput>;
  /** At most 255 characters; no title when omitted or null. */
  title?: string | null | undefined;
  /** The Sumvin session id to use (becomes `ChatSession.upstreamId`), 1..64 visible ASCII characters without `/ \ % ? # ;`. When omitted, this API generates `cs-` + 32 lowercase hex characters. */
  upstreamId?: string | null | undefined;
};

/** Custom data; stored as `type: "data-<name>"`. */
export type DataPartInput = {
  data: unknown;
  id?: string | null | undefined;
  /** 1..128 characters. */
  name: string;
};

/** A call of a tool only known at run time; stored as `type: "dynamic-tool"` with `toolName`. */
export type DynamicToolPartInput = {
  errorText?: string | null | undefined;
  /** Sent as given, `null` included. */
  input?: unknown;
  /** Sent as given, `null` included. */
  output?: unknown;
  state: ToolPartState;
  toolCallId: string;
  /** 1..128 characters. */
  toolName: string;
};

/** A `file` part, e.g. the result of `uploadChatAttachment`. */
export type FilePartInput = {
  filename?: string | null | undefined;
  /** A media type such as `image/png`. */
  mediaType: string;
  /** An absolute URL (a `data:` URL is fine). */
  url: string;
};

/** One part of a message: set exactly one field. Each becomes the AI SDK UI part of the same kind, so it reads back as the matching `MessagePart` type. `raw` sends any JSON object with a string `type` as is (parts of a kind this API does not know, or with extra fields such as `providerMetadata`). */
export type MessagePartInput =
  {   data: DataPartInput; dynamicTool?: never; file?: never; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never;   dynamicTool: DynamicToolPartInput; file?: never; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never;   file: FilePartInput; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never;   /** Any part object; must have a non-empty string `type`. */
  raw: Record<string, unknown>; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never;   reasoning: ReasoningPartInput; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never; reasoning?: never;   sourceDocument: SourceDocumentPartInput; sourceUrl?: never; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never; reasoning?: never; sourceDocument?: never;   sourceUrl: SourceUrlPartInput; stepStart?: never; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never;   /** A `step-start` part; must be `true`. */
  stepStart: boolean; text?: never; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never;   text: TextPartInput; tool?: never; }
  |  { data?: never; dynamicTool?: never; file?: never; raw?: never; reasoning?: never; sourceDocument?: never; sourceUrl?: never; stepStart?: never; text?: never;   tool: ToolPartInput; };

export type MessageRole =
  | 'ASSISTANT'
  /** Any other role: read `rawRole`. */
  | 'OTHER'
  | 'SYSTEM'
  /** tool, tool_call or tool_result */
  | 'TOOL'
  | 'USER';

/** Which upstream service holds a session. */
export type Provider =
  /** ElizaOS Sessions API: live conversations with an agent that replies. */
  | 'ELIZA'
  /** Sumvin chat API: durable conversations written by the client. */
  | 'SUMVIN';

/** A `reasoning` part. */
export type ReasoningPartInput = {
  /** STREAMING or DONE, when known. */
  state?: TextPartState | null | undefined;
  /** Not empty. */
  text: string;
};

/** Messages to store in a chat session. */
export type SaveChatMessagesInput = {
  /** 1..100 messages; send longer histories in several calls. */
  messages: Array<ChatMessageInput>;
  /** The global id of a `ChatSession`. */
  sessionId: string | number;
};

/** A `source-document` part. */
export type SourceDocumentPartInput = {
  filename?: string | null | undefined;
  mediaType: string;
  sourceId: string;
  title: string;
};

/** A `source-url` part. */
export type SourceUrlPartInput = {
  sourceId: string;
  title?: string | null | undefined;
  /** An absolute URL. */
  url: string;
};

/** A `text` part. */
export type TextPartInput = {
  /** STREAMING or DONE, when known. */
  state?: TextPartState | null | undefined;
  /** Not empty. */
  text: string;
};

/** The state of a text or reasoning part, on input. */
export type TextPartState =
  /** Text or reasoning: complete (`done`). */
  | 'DONE'
  /** Text or reasoning: still being written (`streaming`). */
  | 'STREAMING';

/** A call of a statically known tool; stored as `type: "tool-<toolName>"`. */
export type ToolPartInput = {
  errorText?: string | null | undefined;
  /** Sent as given, `null` included. */
  input?: unknown;
  /** Sent as given, `null` included. */
  output?: unknown;
  state: ToolPartState;
  toolCallId: string;
  /** 1..128 characters. */
  toolName: string;
};

/** The state of a tool call, on input. */
export type ToolPartState =
  /** Tool call: input complete, no output yet. */
  | 'INPUT_AVAILABLE'
  /** Tool call: its input is being written. */
  | 'INPUT_STREAMING'
  /** Tool call: it has its output. */
  | 'OUTPUT_AVAILABLE'
  /** Tool call: it failed (see `errorText`). */
  | 'OUTPUT_ERROR';

export type AppendMessageMutationVariables = Exact<{
  input: SaveChatMessagesInput;
}>;


export type AppendMessageMutation = { saveChatMessages: { savedCount: number, messageIds: Array<string>, session: { messageCount: number, preview: string | null, messages: { edges: Array<{ node: { messageId: string, role: MessageRole, text: string | null } }> } } | null } | null };

export type StartAgentSessionMutationVariables = Exact<{
  agentId: string;
  metadata?: Record<string, unknown> | null | undefined;
}>;


export type StartAgentSessionMutation = { createAgentSession: { session: { id: string, agentId: string, title: string | null, expiresAt: string, timeoutConfig: { timeoutMinutes: number, autoRenew: boolean, maxDurationMinutes: number, warningThresholdMinutes: number } } } | null };

export type StartChatMutationVariables = Exact<{
  input: CreateChatSessionInput;
}>;


export type StartChatMutation = { createChatSession: { messageIds: Array<string>, session: { id: string, upstreamId: string, title: string | null, messageCount: number, preview: string | null, messages: { edges: Array<{ node: { messageId: string, role: MessageRole, text: string | null } }> } } } | null };

export type StreamAgentReplySubscriptionVariables = Exact<{
  sessionId: string | number;
  text: string;
}>;


export type StreamAgentReplySubscription = { agentReply:
    | { __typename: 'AgentMessageAccepted', userMessage: { id: string, text: string | null, createdAt: string } }
    | { __typename: 'AgentReplyChunk', index: number, text: string }
    | { __typename: 'AgentReplyCompleted', reply: { id: string, role: MessageRole, text: string | null, createdAt: string }, session: { id: string, status: AgentSessionStatus, expiresAt: string } }
   | null };

export type TalkToAgentMutationVariables = Exact<{
  sessionId: string | number;
  text: string;
}>;


export type TalkToAgentMutation = { sendAgentMessage: { wasRenewed: boolean | null, userMessage: { id: string, role: MessageRole, text: string | null, createdAt: string }, reply: { id: string, role: MessageRole, text: string | null, createdAt: string } | null, session: { id: string, status: AgentSessionStatus, expiresAt: string, timeRemaining: number } } | null };

export type MySessionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  provider?: Provider | null | undefined;
  search?: string | null | undefined;
}>;


export type MySessionsQuery = { sessions: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node:
        | { upstreamId: string, agentId: string, status: AgentSessionStatus, expiresAt: string, id: string, provider: Provider, title: string | null, createdAt: string, lastActivityAt: string, messageCount: number | null }
        | { upstreamId: string, preview: string | null, id: string, provider: Provider, title: string | null, createdAt: string, lastActivityAt: string, messageCount: number }
       }> } };

export type NodeByIdQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeByIdQuery = { node:
    | { __typename: 'AgentSession', provider: Provider, title: string | null, id: string }
    | { __typename: 'ChatSession', provider: Provider, title: string | null, id: string }
    | { __typename: 'Message', text: string | null, role: MessageRole, id: string, session:
        | { id: string, title: string | null }
        | { id: string, title: string | null }
       | null }
   | null };

export type SessionMessagesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type SessionMessagesQuery = { session:
    | { id: string, provider: Provider, messages: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, messageId: string, role: MessageRole, rawRole: string, text: string | null, createdAt: string, sequence: number | null } }> } }
    | { id: string, provider: Provider, messages: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, messageId: string, role: MessageRole, rawRole: string, text: string | null, createdAt: string, sequence: number | null } }> } }
   | null };


export const AppendMessageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AppendMessage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SaveChatMessagesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"saveChatMessages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"savedCount"}},{"kind":"Field","name":{"kind":"Name","value":"messageIds"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AppendMessageMutation, AppendMessageMutationVariables>;
export const StartAgentSessionDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartAgentSession"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"metadata"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"JSONObject"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createAgentSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"agentId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"agentId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"metadata"},"value":{"kind":"Variable","name":{"kind":"Name","value":"metadata"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"timeoutConfig"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"timeoutMinutes"},"value":{"kind":"IntValue","value":"60"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeoutConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"timeoutMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"autoRenew"}},{"kind":"Field","name":{"kind":"Name","value":"maxDurationMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"warningThresholdMinutes"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StartAgentSessionMutation, StartAgentSessionMutationVariables>;
export const StartChatDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartChat"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateChatSessionInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createChatSession"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageIds"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"upstreamId"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<StartChatMutation, StartChatMutationVariables>;
export const StreamAgentReplyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"StreamAgentReply"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"agentReply"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentMessageAccepted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentReplyChunk"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"text"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentReplyCompleted"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reply"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StreamAgentReplySubscription, StreamAgentReplySubscriptionVariables>;
export const TalkToAgentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TalkToAgent"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"text"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sendAgentMessage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"sessionId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"sessionId"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"text"},"value":{"kind":"Variable","name":{"kind":"Name","value":"text"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userMessage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reply"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"wasRenewed"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"timeRemaining"}}]}}]}}]}}]} as unknown as DocumentNode<TalkToAgentMutation, TalkToAgentMutationVariables>;
export const MySessionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"MySessions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"search"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sessions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"search"},"value":{"kind":"Variable","name":{"kind":"Name","value":"search"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastActivityAt"}},{"kind":"Field","name":{"kind":"Name","value":"messageCount"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ChatSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamId"}},{"kind":"Field","name":{"kind":"Name","value":"preview"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AgentSession"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"upstreamId"}},{"kind":"Field","name":{"kind":"Name","value":"agentId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<MySessionsQuery, MySessionsQueryVariables>;
export const NodeByIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NodeById"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Message"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"session"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Session"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]} as unknown as DocumentNode<NodeByIdQuery, NodeByIdQueryVariables>;
export const SessionMessagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SessionMessages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"session"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"messages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"messageId"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"rawRole"}},{"kind":"Field","name":{"kind":"Name","value":"text"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"sequence"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SessionMessagesQuery, SessionMessagesQueryVariables>;