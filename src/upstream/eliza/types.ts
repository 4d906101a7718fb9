/** ElizaOS Sessions domain shapes after parsing and mapping (timestamps in epoch ms). */

export type JsonObject = Record<string, unknown>;

export interface ElizaTimeoutConfig {
  timeoutMinutes: number;
  autoRenew: boolean;
  maxDurationMinutes: number;
  warningThresholdMinutes: number;
}

export interface ElizaSession {
  sessionId: string;
  channelId: string;
  agentId: string;
  userId: string;
  createdAt: number;
  lastActivity: number;
  metadata: JsonObject;
  expiresAt: number;
  timeoutConfig: ElizaTimeoutConfig;
  renewalCount: number;
  /** Milliseconds left when the upstream answered. */
  timeRemaining: number;
  isNearExpiration: boolean;
}

export interface ElizaMessage {
  id: string;
  sessionId: string;
  content: string;
  authorId: string;
  isAgent: boolean;
  createdAt: number;
  metadata: JsonObject;
}

export interface ElizaMessagePage {
  /** Newest first, as the upstream sends them. */
  messages: ElizaMessage[];
  hasMore: boolean;
  cursors: { before: number; after: number } | null;
}

export interface ElizaAgentReply {
  text: string | null;
  thought: string | null;
  actions: string[];
  /** The whole Content object the agent produced. */
  raw: JsonObject;
}

export interface ElizaSendResult {
  userMessage: ElizaMessage;
  agentResponse: ElizaAgentReply | null;
  sessionStatus: { expiresAt: number; renewalCount: number; wasRenewed: boolean; isNearExpiration: boolean } | null;
}

export interface ElizaHealth {
  status: string;
  activeSessions: number;
  expiringSoon: number;
  invalidSessions: number;
  timestamp: number;
  uptimeSeconds: number;
}

export interface ElizaAttachmentInput {
  type: string;
  url: string;
  name?: string;
}

/** One event of a streamed send (`transport: "sse"`); the stream ends after `done` or `error`. */
export type ElizaStreamEvent =
  | { kind: 'userMessage'; message: ElizaMessage }
  | { kind: 'chunk'; index: number; text: string }
  | { kind: 'done'; reply: ElizaAgentReply }
  | { kind: 'error'; message: string };

export interface ElizaStreamArgs {
  content: string;
  metadata?: JsonObject;
  attachments?: ElizaAttachmentInput[];
}

/** One entry of `GET /api/agents`; `status` is `active` when the agent's runtime is running. */
export interface ElizaAgentSummary {
  id: string;
  name: string;
  characterName: string;
  /** The first line of the character's bio ('' when none). */
  bio: string;
  status: 'active' | 'inactive' | 'unknown';
}

export interface ElizaApi {
  health(signal?: AbortSignal): Promise<ElizaHealth>;
  /** `GET /api/agents`, zod-parsed. The per-agent endpoint is never called (it leaks secrets). */
  listAgents(signal?: AbortSignal, maxAgeMs?: number): Promise<ElizaAgentSummary[]>;
  listSessions(signal?: AbortSignal): Promise<ElizaSession[]>;
  getSession(sessionId: string, signal?: AbortSignal): Promise<ElizaSession>;
  createSession(
    args: { agentId: string; userId: string; metadata?: JsonObject; timeoutConfig?: Partial<ElizaTimeoutConfig> },
    signal?: AbortSignal,
  ): Promise<ElizaSession>;
  sendMessage(
    sessionId: string,
    args: { content: string; metadata?: JsonObject; attachments?: ElizaAttachmentInput[]; waitForReply: boolean },
    signal?: AbortSignal,
  ): Promise<ElizaSendResult>;
  /**
   * Sends a message with `transport: "sse"` and streams the agent's reply. The upstream stores the
   * user message but not the reply. Stopping the iteration or aborting `signal` closes the stream.
   */
  streamMessage(sessionId: string, args: ElizaStreamArgs, signal?: AbortSignal): AsyncIterable<ElizaStreamEvent>;
  getMessages(
    sessionId: string,
    args: { limit: number; before?: number; after?: number },
    signal?: AbortSignal,
  ): Promise<ElizaMessagePage>;
  /**
   * Which user message each of a channel's newest messages answers (`inReplyTo`, null when the
   * upstream says none): the one place ElizaOS 1.7.2 links a reply to its message.
   */
  getChannelReplies(channelId: string, limit: number, signal?: AbortSignal): Promise<Array<{ id: string; inReplyTo: string | null }>>;
  renewSession(sessionId: string, signal?: AbortSignal): Promise<ElizaSession>;
  heartbeat(sessionId: string, signal?: AbortSignal): Promise<ElizaSession>;
  updateTimeout(sessionId: string, config: Partial<ElizaTimeoutConfig>, signal?: AbortSignal): Promise<ElizaSession>;
  deleteSession(sessionId: string, signal?: AbortSignal): Promise<void>;
}
