import { requireCaller, type Context } from '../../context.js';
import {
  requireUuid,
  validateAttachments,
  validateCreateTimeoutConfig,
  validateMetadata,
  validateSessionMetadata,
  validateText,
  type TimeoutConfigInput,
} from '../../domain/agent-input.js';
import { adjustWriteError, agentReplyMessage, type AgentWrite } from '../../domain/agent-writes.js';
import { InputError } from '../../domain/input-error.js';
import { fromElizaMessage, type MessageNode } from '../../domain/messages.js';
import { mergeTimeoutConfig, validateTimeoutPatch } from '../../domain/timeout-merge.js';
import { apiError } from '../../errors.js';
import { UpstreamError } from '../../upstream/errors.js';
import type { ElizaSession } from '../../upstream/eliza/types.js';
import { builder, decodeGlobalId, encodeGlobalId } from '../builder.js';
import { AgentSessionRef, MessageRef } from '../refs.js';
import './root.js';

/*
 * The ElizaOS agent-session writes. Every mutation first checks that the caller owns the session
 * (one GET through the session loader; a foreign or unknown id is NOT_FOUND and no write is
 * made), validates its input before any upstream call, calls the upstream write once (writes are
 * never retried), then updates the request's loaders so later fields of the same operation read
 * fresh data.
 */

const LIFECYCLE_ERRORS =
  'Errors: NOT_FOUND for an unknown session or one the caller does not own; SESSION_EXPIRED the ' +
  'first time an expired session is touched (the upstream then forgets it, so later calls give ' +
  'NOT_FOUND; create a new session to go on); BAD_USER_INPUT naming the field for invalid input.';

const TimeoutConfigInputRef = builder.inputType('AgentTimeoutConfigInput', {
  description:
    'Timeout settings of an agent session. Omitted (or null) fields: on create, the agent’s defaults; ' +
    'on update, the session keeps its current value.',
  fields: (t) => ({
    timeoutMinutes: t.int({ required: false, description: 'Idle minutes before the session expires: 5..1440.' }),
    autoRenew: t.boolean({ required: false, description: 'Whether activity (messages, heartbeats) extends the session.' }),
    maxDurationMinutes: t.int({
      required: false,
      description:
        'Hard cap on the session’s life: timeoutMinutes..2880. On create it needs timeoutMinutes in the same input.',
    }),
    warningThresholdMinutes: t.int({
      required: false,
      description: 'Minutes before expiry from which the session counts as near expiration: 1..timeoutMinutes.',
    }),
  }),
});

const AttachmentTypeEnum = builder.enumType('AgentAttachmentType', {
  values: {
    IMAGE: { value: 'image' },
    FILE: { value: 'file' },
    AUDIO: { value: 'audio' },
    VIDEO: { value: 'video' },
    DOCUMENT: { value: 'document' },
  } as const,
});

const AttachmentInputRef = builder.inputType('AgentAttachmentInput', {
  description: 'A file the agent can fetch, passed by URL.',
  fields: (t) => ({
    type: t.field({ type: AttachmentTypeEnum, required: true }),
    url: t.string({ required: true, description: 'Absolute http or https URL, at most 2048 characters.' }),
    name: t.string({ required: false, description: 'Display name, 1..255 characters.' }),
  }),
});

/** The UUID of an agent session from its global id; anything else is BAD_USER_INPUT. */
function agentSessionIdOf(globalId: string | number, field = 'input.sessionId'): string {
  const { typename, id } = decodeGlobalId(String(globalId), field);
  if (typename !== 'AgentSession') throw new InputError(field, 'not the id of an agent session');
  return requireUuid(id, field);
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

/** One upstream write, never repeated; failures say whether a retry is safe. */
async function upstreamWrite<T>(write: AgentWrite, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw translate(adjustWriteError(err, write));
  }
}

/** The session, if the caller owns it (one GET unless this request already loaded it). */
function ownedSession(ctx: Context, sessionId: string): Promise<ElizaSession> {
  requireCaller(ctx);
  return ctx.loaders.eliza.session.load(sessionId);
}

/** Renew, heartbeat and timeout answer the updated session; it replaces the loader's copy. */
function primed(ctx: Context, session: ElizaSession): ElizaSession {
  ctx.loaders.eliza.primeSession(session);
  return session;
}

builder.relayMutationField(
  'createAgentSession',
  {
    description: 'A new conversation with an agent.',
    inputFields: (t) => ({
      agentId: t.string({ required: true, description: 'UUID of an agent running on the ElizaOS server.' }),
      metadata: t.field({
        type: 'JSONObject',
        required: false,
        description:
          'Stored with the session, at most 10,240 characters as JSON. The keys sessionId, agentId, userId and ' +
          'timeoutConfig are reserved. `title` (a string) is shown as the session title.',
      }),
      timeoutConfig: t.field({ type: TimeoutConfigInputRef, required: false }),
    }),
  },
  {
    description:
      'Opens an agent session owned by the caller (the user id sent upstream is derived from the caller’s ' +
      'identity and cannot be chosen). Errors: BAD_USER_INPUT naming the field; NOT_FOUND on input.agentId ' +
      'when no such agent runs. A timeout or upstream failure says `retryable: false` and ' +
      '`details.mayHaveApplied: true`: a retry could open a second session (list `sessions` to check).',
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const agentId = requireUuid(input.agentId, 'input.agentId');
      const metadata = input.metadata == null ? undefined : validateSessionMetadata(input.metadata, 'input.metadata');
      const timeoutConfig =
        input.timeoutConfig == null ? undefined : validateCreateTimeoutConfig(input.timeoutConfig, 'input.timeoutConfig.');
      const session = await upstreamWrite('create', () =>
        ctx.clients.eliza.createSession(
          {
            agentId,
            userId: caller.elizaUserId,
            ...(metadata !== undefined ? { metadata } : {}),
            ...(timeoutConfig !== undefined ? { timeoutConfig } : {}),
          },
          ctx.signal,
        ),
      );
      return { session: primed(ctx, session) };
    },
  },
  {
    description: 'The session as the upstream created it.',
    outputFields: (t) => ({
      session: t.field({ type: AgentSessionRef, nullable: false, resolve: (r) => r.session }),
    }),
  },
);

interface SendResult {
  sessionId: string;
  userMessage: MessageNode;
  reply: MessageNode | null;
  wasRenewed: boolean | null;
}

builder.relayMutationField(
  'sendAgentMessage',
  {
    description: 'A user message for an agent session.',
    inputFields: (t) => ({
      sessionId: t.id({ required: true, description: 'Global id of an AgentSession the caller owns.' }),
      text: t.string({
        required: true,
        description: '1..4000 characters, counted as UTF-16 code units (an emoji outside the BMP counts 2).',
      }),
      metadata: t.field({
        type: 'JSONObject',
        required: false,
        description: 'Stored with the message, at most 10,240 characters as JSON.',
      }),
      attachments: t.field({
        type: [AttachmentInputRef],
        required: { list: false, items: true },
        description: 'At most 10 files, by URL.',
      }),
      waitForReply: t.boolean({
        required: false,
        defaultValue: true,
        description:
          'true (default): wait for the agent and return its reply (the upstream does not store a reply ' +
          'given this way, so it does not appear in the history). false: return at once; the reply is ' +
          'stored and appears in the session’s messages a moment later.',
      }),
    }),
  },
  {
    description:
      `Sends a message to the agent of a session. ${LIFECYCLE_ERRORS} Never retried: a timeout or upstream ` +
      'failure after the request was sent says `retryable: false` and `details.mayHaveApplied: true`, since ' +
      'a retry could post the message twice (read the session’s messages to check).',
    resolve: async (_root, { input }, ctx): Promise<SendResult> => {
      requireCaller(ctx);
      const sessionId = agentSessionIdOf(input.sessionId);
      const text = validateText(input.text, 'input.text');
      const metadata = input.metadata == null ? undefined : validateMetadata(input.metadata, 'input.metadata');
      const attachments = input.attachments == null ? undefined : validateAttachments(input.attachments, 'input.attachments');
      const waitForReply = input.waitForReply ?? true;
      const session = await ownedSession(ctx, sessionId);
      const sent = await upstreamWrite('send', () =>
        ctx.clients.eliza.sendMessage(
          sessionId,
          {
            content: text,
            waitForReply,
            ...(metadata !== undefined ? { metadata } : {}),
            ...(attachments !== undefined ? { attachments } : {}),
          },
          ctx.signal,
        ),
      );
      ctx.loaders.eliza.forgetSession(sessionId);
      return {
        sessionId,
        userMessage: fromElizaMessage(sent.userMessage),
        reply: sent.agentResponse ? agentReplyMessage(sent.agentResponse, sent.userMessage, session.agentId, ctx.now()) : null,
        wasRenewed: sent.sessionStatus?.wasRenewed ?? null,
      };
    },
  },
  {
    outputFields: (t) => ({
      userMessage: t.field({
        type: MessageRef,
        nullable: false,
        description: 'The message as the upstream stored it.',
        resolve: (r) => r.userMessage,
      }),
      reply: t.field({
        type: MessageRef,
        nullable: true,
        description:
          'The agent’s reply when waitForReply was true (null otherwise, or when the agent produced nothing). ' +
          'It is not stored upstream: its id is derived from the user message’s id, and `node` on it gives ' +
          'NOT_FOUND.',
        resolve: (r) => r.reply,
      }),
      session: t.field({
        type: AgentSessionRef,
        nullable: true,
        description: 'The session after the message (read again from the upstream when asked for).',
        resolve: (r, _args, ctx) => ctx.loaders.eliza.session.load(r.sessionId),
      }),
      wasRenewed: t.boolean({
        nullable: true,
        description: 'Whether the message extended the session (auto-renew); null when the upstream did not say.',
        resolve: (r) => r.wasRenewed,
      }),
    }),
  },
);

function sessionAction(
  name: string,
  write: 'renew' | 'heartbeat',
  call: (ctx: Context, sessionId: string) => Promise<ElizaSession>,
  description: string,
) {
  builder.relayMutationField(
    name,
    {
      inputFields: (t) => ({
        sessionId: t.id({ required: true, description: 'Global id of an AgentSession the caller owns.' }),
      }),
    },
    {
      description:
        `${description} ${LIFECYCLE_ERRORS} Safe to repeat: timeouts and upstream failures say \`retryable: true\`.`,
      resolve: async (_root, { input }, ctx) => {
        requireCaller(ctx);
        const sessionId = agentSessionIdOf(input.sessionId);
        await ownedSession(ctx, sessionId);
        const session = await upstreamWrite(write, () => call(ctx, sessionId));
        return { session: primed(ctx, session) };
      },
    },
    {
      outputFields: (t) => ({
        session: t.field({ type: AgentSessionRef, nullable: false, resolve: (r) => r.session }),
      }),
    },
  );
}

sessionAction(
  'renewAgentSession',
  'renew',
  (ctx, id) => ctx.clients.eliza.renewSession(id, ctx.signal),
  'Extends the session by its timeout from now (also when auto-renew is off), up to its maximum duration ' +
    '(past it: CONFLICT with details.reason MAX_DURATION_REACHED).',
);

sessionAction(
  'heartbeatAgentSession',
  'heartbeat',
  (ctx, id) => ctx.clients.eliza.heartbeat(id, ctx.signal),
  'Records activity without a message; with auto-renew on it also extends the session.',
);

builder.relayMutationField(
  'updateAgentSessionTimeout',
  {
    description: 'New timeout settings; omitted (or null) fields keep their current values.',
    inputFields: (t) => ({
      sessionId: t.id({ required: true, description: 'Global id of an AgentSession the caller owns.' }),
      timeoutMinutes: t.int({ required: false, description: '5..1440.' }),
      autoRenew: t.boolean({ required: false }),
      maxDurationMinutes: t.int({ required: false, description: 'timeoutMinutes..2880.' }),
      warningThresholdMinutes: t.int({ required: false, description: '1..timeoutMinutes.' }),
    }),
  },
  {
    description:
      'Changes some timeout settings of a session, keeping the others (the facade reads the current settings ' +
      'and sends a complete set, since the upstream would reset omitted ones to defaults). The expiry time is ' +
      `recomputed from the session’s start or last activity. At least one setting must be given. ${LIFECYCLE_ERRORS} ` +
      'A combination that does not hold together with the current settings (e.g. timeoutMinutes above the ' +
      'current maxDurationMinutes) is BAD_USER_INPUT. Safe to repeat.',
    resolve: async (_root, { input }, ctx) => {
      requireCaller(ctx);
      const sessionId = agentSessionIdOf(input.sessionId);
      const given = validateTimeoutPatch(input as TimeoutConfigInput, 'input.');
      const current = await ownedSession(ctx, sessionId);
      const config = mergeTimeoutConfig(current.timeoutConfig, given, 'input.');
      const session = await upstreamWrite('timeout', () => ctx.clients.eliza.updateTimeout(sessionId, config, ctx.signal));
      return { session: primed(ctx, session) };
    },
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: AgentSessionRef, nullable: false, resolve: (r) => r.session }),
    }),
  },
);

builder.relayMutationField(
  'endAgentSession',
  {
    inputFields: (t) => ({
      sessionId: t.id({ required: true, description: 'Global id of an AgentSession the caller owns.' }),
    }),
  },
  {
    description:
      'Ends a session: it can no longer be used or read, although the upstream keeps its messages. ' +
      `${LIFECYCLE_ERRORS} Safe to repeat after a timeout; NOT_FOUND on the repeat means the first attempt ended it.`,
    resolve: async (_root, { input }, ctx) => {
      requireCaller(ctx);
      const sessionId = agentSessionIdOf(input.sessionId);
      await ownedSession(ctx, sessionId);
      await upstreamWrite('end', () => ctx.clients.eliza.deleteSession(sessionId, ctx.signal));
      ctx.loaders.eliza.forgetSession(sessionId);
      return { endedId: encodeGlobalId('AgentSession', sessionId) };
    },
  },
  {
    outputFields: (t) => ({
      endedId: t.id({ nullable: false, description: 'Global id of the ended session.', resolve: (r) => r.endedId }),
    }),
  },
);
