import { requireCaller } from '../../context/context.js';
import { requireAgentId, validateCreateTimeoutConfig, validateSessionMetadata } from '../../domain/agent-input.js';
import { fromElizaMessage, type MessageNode } from '../../domain/messages.js';
import { builder } from '../builder.js';
import { AgentSessionRef, MessageRef } from '../refs.js';
import { TimeoutConfigInputRef, agentMessageFields } from './agent-inputs.js';
import { sendAndFollow } from './agent-follow.js';
import { publishAfterSend, publishAgentSession } from './live-publish.js';
import { LIFECYCLE_ERRORS, agentMessageOf, ownedSession, primed, upstreamWrite } from './agent-write-steps.js';

builder.relayMutationField(
  'createAgentSession',
  {
    description: 'A new conversation with an agent.',
    inputFields: (t) => ({
      agentId: t.string({
        description: 'UUID of an agent running on the ElizaOS server (`Agent.id` from `agents`); a name is refused.',
      }),
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
      const agentId = requireAgentId(input.agentId, 'input.agentId');
      const metadata = input.metadata == null ? undefined : validateSessionMetadata(input.metadata, 'input.metadata');
      const timeoutConfig =
        input.timeoutConfig == null ? undefined : validateCreateTimeoutConfig(input.timeoutConfig, 'input.timeoutConfig.');
      const session = await upstreamWrite('create', () =>
        ctx.clients.eliza.createSession({ agentId, userId: caller.elizaUserId, metadata, timeoutConfig }, ctx.signal),
      );
      publishAgentSession(ctx, 'created', session);
      return { session: await primed(ctx, session) };
    },
  },
  {
    description: 'The session as the upstream created it.',
    outputFields: (t) => ({
      session: t.field({ type: AgentSessionRef, resolve: (r) => r.session }),
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
      ...agentMessageFields(t),
      waitForReply: t.boolean({
        required: false,
        defaultValue: true,
        description:
          'true (default): wait for the agent and return its reply, which is stored: it appears in the ' +
          'session’s messages under the same id. false: return at once; the reply is stored and appears in ' +
          'the session’s messages (and on `sessionEvents`) a moment later.',
      }),
    }),
  },
  {
    description:
      `Sends a message to the agent of a session. ${LIFECYCLE_ERRORS} Never retried: a timeout or upstream ` +
      'failure after the request was sent says `retryable: false` and `details.mayHaveApplied: true`, since ' +
      'a retry could post the message twice (read the session’s messages to check). With waitForReply, no ' +
      'reply within the reply deadline is UPSTREAM_TIMEOUT with `details.mayHaveApplied: true` (the message ' +
      'is stored; the reply may still come, on `sessionEvents` and in the history).',
    resolve: async (_root, { input }, ctx): Promise<SendResult> => {
      requireCaller(ctx);
      const { sessionId, ...message } = agentMessageOf(input);
      const waitForReply = input.waitForReply ?? true;
      const session = await ownedSession(ctx, sessionId);
      if (waitForReply) {
        let userMessage: MessageNode | null = null;
        let wasRenewed: boolean | null = null;
        for await (const e of sendAndFollow(ctx, session, { sessionId, ...message }, ctx.streamSignal())) {
          if (e.kind === 'accepted') {
            userMessage = e.userMessage;
            wasRenewed = e.sent.sessionStatus?.wasRenewed ?? null;
          } else if (e.kind === 'completed') {
            return { sessionId, userMessage: userMessage!, reply: e.reply, wasRenewed };
          }
        }
        throw new Error('the reply follower ended without a reply');
      }
      const sent = await upstreamWrite('send', () =>
        ctx.clients.eliza.sendMessage(sessionId, { ...message, waitForReply: false }, ctx.signal),
      );
      ctx.loaders.eliza.forgetSession(sessionId);
      const userMessage = fromElizaMessage(sent.userMessage);
      ctx.live?.publishMessage(session, userMessage);
      publishAfterSend(ctx, session, sent);
      return { sessionId, userMessage, reply: null, wasRenewed: sent.sessionStatus?.wasRenewed ?? null };
    },
  },
  {
    outputFields: (t) => ({
      userMessage: t.field({
        type: MessageRef,
        description: 'The message as the upstream stored it.',
        resolve: (r) => r.userMessage,
      }),
      reply: t.field({
        type: MessageRef,
        nullable: true,
        description:
          'The agent’s reply when waitForReply was true (null otherwise). The reply is stored: `node` and the ' +
          'session’s `messages` return it later under the same id.',
        resolve: (r) => r.reply,
      }),
      session: t.field({
        type: AgentSessionRef,
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
