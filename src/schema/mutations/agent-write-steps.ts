import { requireCaller, type Context } from '../../context/context.js';
import { requireUuid, validateAttachments, validateMetadata, validateText, type AttachmentInput } from '../../domain/agent-input.js';
import { isRepeatable, type AgentWrite } from '../../domain/agent-writes.js';
import { InputError } from '../../errors/classes.js';
import { apiError } from '../../errors/graphql.js';
import { writeFailure } from '../../errors/write-outcome.js';
import { UpstreamError } from '../../errors/classes.js';
import type { ElizaAttachmentInput, ElizaSession, JsonObject } from '../../upstream/eliza/types.js';
import { decodeGlobalId } from '../node.js';

/*
 * The ElizaOS agent-session writes. Every mutation first checks that the caller owns the session
 * (one GET through the session loader; a foreign or unknown id is NOT_FOUND and no write is
 * made), validates its input before any upstream call, calls the upstream write once (writes are
 * never retried), then updates the request's loaders so later fields of the same operation read
 * fresh data.
 */

export const LIFECYCLE_ERRORS =
  'Errors: NOT_FOUND for an unknown session or one the caller does not own; SESSION_EXPIRED when ' +
  'the caller’s session has expired (every time, for a day; create a new session to go on); ' +
  'BAD_USER_INPUT naming the field for invalid input.';

/** The UUID of an agent session from its global id; anything else is BAD_USER_INPUT. */
export function agentSessionIdOf(globalId: string | number, field = 'input.sessionId'): string {
  const { typename, id } = decodeGlobalId(String(globalId), field);
  if (typename !== 'AgentSession') throw new InputError(field, 'not the id of an agent session');
  return requireUuid(id, field);
}

/** A message for an agent session as the client gave it (`sendAgentMessage`, `agentReply`). */
export interface AgentMessageInput {
  sessionId: string | number;
  text: string;
  metadata?: JsonObject | null | undefined;
  attachments?: readonly AttachmentInput[] | null | undefined;
}

export interface AgentMessage {
  sessionId: string;
  content: string;
  metadata?: JsonObject;
  attachments?: ElizaAttachmentInput[];
}

/** Validates a message before any upstream call; BAD_USER_INPUT names the first bad field. */
export function agentMessageOf(input: AgentMessageInput): AgentMessage {
  const sessionId = agentSessionIdOf(input.sessionId);
  const content = validateText(input.text, 'input.text');
  const metadata = input.metadata == null ? undefined : validateMetadata(input.metadata, 'input.metadata');
  const attachments = input.attachments == null ? undefined : validateAttachments(input.attachments, 'input.attachments');
  return { sessionId, content, metadata, attachments };
}

/** Refines upstream answers that have a more useful meaning for one mutation. */
function translate(err: unknown): unknown {
  if (!(err instanceof UpstreamError)) return err;
  if (err.upstreamCode === 'AGENT_NOT_FOUND') {
    return apiError('NOT_FOUND', 'input.agentId: no agent with this id runs on the ElizaOS server.', {
      provider: 'ELIZA',
      field: 'input.agentId',
    });
  }
  if (err.upstreamCode === 'SESSION_RENEWAL_FAILED') {
    return apiError('CONFLICT', 'The session has reached its maximum duration and cannot be renewed; create a new session.', {
      provider: 'ELIZA',
      details: { reason: 'MAX_DURATION_REACHED', recreate: true },
    });
  }
  return err;
}

/** What a failed write reports: whether a retry is safe, and the more useful meaning where there is one. */
export function writeError(err: unknown, write: AgentWrite): unknown {
  return translate(writeFailure(err, { repeatable: isRepeatable(write) }));
}

/** One upstream write, never repeated; failures say whether a retry is safe. */
export async function upstreamWrite<T>(write: AgentWrite, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw writeError(err, write);
  }
}

/** The session, if the caller owns it (one GET unless this request already loaded it). */
export function ownedSession(ctx: Context, sessionId: string): Promise<ElizaSession> {
  requireCaller(ctx);
  return ctx.loaders.eliza.session.load(sessionId);
}

/** Create, renew, heartbeat and timeout answer the session; it replaces the loader's copy and is indexed. */
export async function primed(ctx: Context, session: ElizaSession): Promise<ElizaSession> {
  await ctx.loaders.eliza.primeSession(session);
  return session;
}
