import type { MessageNode } from '../domain/messages.js';
import type { Part } from '../domain/parts.js';
import type { SessionNode } from '../domain/session-list.js';
import type { ElizaSession, ElizaTimeoutConfig } from '../upstream/eliza/types.js';
import type { SumvinSession } from '../upstream/sumvin/types.js';
import { builder } from './builder.js';

/** Every type reference in one place, so type files can point at each other without import cycles. */
export const SessionRef = builder.interfaceRef<SessionNode>('Session');
export const ChatSessionRef = builder.objectRef<SumvinSession>('ChatSession');
export const AgentSessionRef = builder.objectRef<ElizaSession>('AgentSession');
export const MessageRef = builder.objectRef<MessageNode>('Message');
export const TimeoutConfigRef = builder.objectRef<ElizaTimeoutConfig>('AgentTimeoutConfig');

/** The type of `Session.messages`, shared by both session types. */
export const MessageConnection = builder.connectionObject(
  { type: MessageRef, name: 'MessageConnection', description: 'Messages in chronological order.' },
  { name: 'MessageEdge' },
);

export const ProviderEnum = builder.enumType('Provider', {
  description: 'Which upstream service holds a session.',
  values: {
    SUMVIN: { value: 'sumvin', description: 'Sumvin chat API: durable conversations written by the client.' },
    ELIZA: { value: 'eliza', description: 'ElizaOS Sessions API: live conversations with an agent that replies.' },
  } as const,
});

export const MessageRoleEnum = builder.enumType('MessageRole', {
  values: {
    USER: { value: 'USER' },
    ASSISTANT: { value: 'ASSISTANT' },
    SYSTEM: { value: 'SYSTEM' },
    TOOL: { value: 'TOOL', description: 'tool, tool_call or tool_result' },
    OTHER: { value: 'OTHER', description: 'Any other role: read `rawRole`.' },
  } as const,
});

export type PartOf<K extends Part['kind']> = Extract<Part, { kind: K }>;
