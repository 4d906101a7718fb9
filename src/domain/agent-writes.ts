import { uuidV5 } from './uuid-v5.js';

/** Namespace of the ids given to agent replies returned by `transport: "http"` (a fixed v4 UUID). */
export const AGENT_REPLY_NAMESPACE = '5b0c9e62-7d14-4f3a-a8e1-2c6f0b9d4e73';

/**
 * The id the facade once derived for a reply returned by `transport: "http"`; replies now keep
 * their upstream id, and tests use this to check that they are not given a derived one.
 */
export const replyIdOf = (userMessageId: string): string => uuidV5(userMessageId, AGENT_REPLY_NAMESPACE);

/**
 * How each agent-session write may be repeated after a failure whose outcome is unknown (a
 * timeout, a dropped connection, a 5xx or an unreadable 2xx):
 * - `send` and `create` are not idempotent: a retry could post the message twice or open a second
 *   session, so such failures say `retryable: false` and `mayHaveApplied: true`;
 * - `renew`, `heartbeat` and `timeout` (the facade always sends a complete configuration) can be
 *   repeated safely: `retryable: true`;
 * - `end` can be repeated too; after a first attempt that did apply, the repeat gives NOT_FOUND.
 */
export type AgentWrite = 'create' | 'send' | 'renew' | 'heartbeat' | 'timeout' | 'end';

/** Whether repeating the write cannot apply it twice. */
export const isRepeatable = (write: AgentWrite): boolean => write !== 'send' && write !== 'create';
