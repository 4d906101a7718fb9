import { requireCaller, type Context } from '../../context/context.js';
import { agentReplyMessage } from '../../domain/agent-writes.js';
import { fromElizaMessage, type MessageNode } from '../../domain/messages.js';
import { apiError } from '../../errors/graphql.js';
import { UpstreamError } from '../../errors/classes.js';
import type { ElizaMessage, ElizaSession } from '../../upstream/eliza/types.js';
import { builder } from '../builder.js';
import { agentMessageFields } from '../mutations/agent-inputs.js';
import { LIFECYCLE_ERRORS, agentMessageOf, ownedSession, writeError, type AgentMessage } from '../mutations/agent-write-steps.js';
import { AgentSessionRef, MessageRef } from '../refs.js';

interface Accepted {
  kind: 'accepted';
  userMessage: MessageNode;
}
interface Chunk {
  kind: 'chunk';
  index: number;
  text: string;
}
interface Completed {
  kind: 'completed';
  sessionId: string;
  reply: MessageNode;
}
type ReplyEvent = Accepted | Chunk | Completed;
/** A failure travels through the stream as an item, so that it reaches the client as a GraphQL error. */
type StreamItem = ReplyEvent | { kind: 'failed'; error: unknown };

const SEND_OPERATION = 'POST /api/messaging/sessions/{sessionId}/messages';

const AcceptedRef = builder.objectRef<Accepted>('AgentMessageAccepted').implement({
  description: 'First event: the upstream stored the user message and the agent is working on its reply.',
  fields: (t) => ({
    userMessage: t.field({
      type: MessageRef,
      description: 'The message as the upstream stored it (it appears in the session’s history).',
      resolve: (e) => e.userMessage,
    }),
  }),
});

const ChunkRef = builder.objectRef<Chunk>('AgentReplyChunk').implement({
  description:
    'A piece of the reply, in order; the pieces joined make the reply text. None are sent when the agent ' +
    'does not stream (the reply then comes whole in AgentReplyCompleted).',
  fields: (t) => ({
    index: t.int({ description: 'Position of the piece, from 0.', resolve: (e) => e.index }),
    text: t.string({ resolve: (e) => e.text }),
  }),
});

const CompletedRef = builder.objectRef<Completed>('AgentReplyCompleted').implement({
  description: 'Last event: the whole reply. The stream ends after it.',
  fields: (t) => ({
    reply: t.field({
      type: MessageRef,
      description:
        'The agent’s reply. It is not stored upstream: its id is derived from the user message’s id (the same ' +
        'id sendAgentMessage would give it), and `node` on it gives NOT_FOUND.',
      resolve: (e) => e.reply,
    }),
    session: t.field({
      type: AgentSessionRef,
      nullable: true,
      description: 'The session after the message (read again from the upstream when asked for).',
      // read under the stream's deadline: a long reply may have outlasted the operation deadline
      // (ownership was checked before the message was sent)
      resolve: (e, _args, ctx) => ctx.clients.eliza.getSession(e.sessionId, ctx.streamSignal()),
    }),
  }),
});

const AgentReplyEventRef = builder.unionType('AgentReplyEvent', {
  description: 'One event of `agentReply`: AgentMessageAccepted, then AgentReplyChunk events, then AgentReplyCompleted.',
  types: [AcceptedRef, ChunkRef, CompletedRef],
  resolveType: (e) => (e.kind === 'accepted' ? AcceptedRef : e.kind === 'chunk' ? ChunkRef : CompletedRef),
});

const AgentReplyInputRef = builder.inputType('AgentReplyInput', {
  description: 'A user message for an agent session, answered by a streamed reply.',
  fields: (t) => agentMessageFields(t),
});

const agentFailed = () =>
  apiError('UPSTREAM_UNAVAILABLE', 'The agent could not produce a reply; the message was probably stored (read the session’s messages before sending it again).', {
    provider: 'ELIZA',
    retryable: false,
    details: { mayHaveApplied: true, reason: 'AGENT_FAILED' },
  });

const brokenStream = (status: number | undefined, detail: string) =>
  new UpstreamError({
    service: 'eliza',
    kind: 'UPSTREAM_BAD_RESPONSE',
    ...(status !== undefined ? { status } : {}),
    retryable: false,
    mayHaveApplied: true,
    operation: SEND_OPERATION,
    cause: new Error(detail),
  });

const isTimeout = (reason: unknown) => reason instanceof Error && reason.name === 'TimeoutError';

/** The upstream stream as schema events; ends after the reply or the first failure. */
async function* replyEvents(ctx: Context, session: ElizaSession, message: AgentMessage): AsyncGenerator<StreamItem, void, undefined> {
  const { sessionId, ...body } = message;
  const signal = ctx.streamSignal();
  let userMessage: ElizaMessage | null = null;
  try {
    for await (const event of ctx.clients.eliza.streamMessage(sessionId, body, signal)) {
      if (event.kind === 'userMessage') {
        userMessage = event.message;
        yield { kind: 'accepted', userMessage: fromElizaMessage(event.message) };
      } else if (event.kind === 'chunk') {
        yield { kind: 'chunk', index: event.index, text: event.text };
      } else if (event.kind === 'error') {
        yield { kind: 'failed', error: agentFailed() };
        return;
      } else {
        if (!userMessage) {
          yield { kind: 'failed', error: brokenStream(200, 'the reply came before the user message') };
          return;
        }
        ctx.loaders.eliza.forgetSession(sessionId);
        yield { kind: 'completed', sessionId, reply: agentReplyMessage(event.reply, userMessage, session.agentId, ctx.now()) };
        return;
      }
    }
  } catch (err) {
    if (signal.aborted) {
      // the client went away: nobody to tell
      if (!isTimeout(signal.reason)) return;
      yield {
        kind: 'failed',
        error: new UpstreamError({
          service: 'eliza',
          kind: 'UPSTREAM_TIMEOUT',
          retryable: false,
          mayHaveApplied: true,
          operation: SEND_OPERATION,
          cause: err,
        }),
      };
      return;
    }
    yield { kind: 'failed', error: writeError(err, 'send') };
  }
}

builder.subscriptionField('agentReply', (t) =>
  t.field({
    type: AgentReplyEventRef,
    nullable: true,
    description:
      'Sends a message to the agent of a session (a write, like sendAgentMessage) and streams the reply as it ' +
      'is produced: AgentMessageAccepted, then AgentReplyChunk events, then AgentReplyCompleted, after which ' +
      'the stream ends. Served over Server-Sent Events (GraphQL over SSE: `Accept: text/event-stream`); ' +
      'clients without SSE should use sendAgentMessage. The reply is not stored upstream, so it does not ' +
      `appear in the session’s history; the user message is. ${LIFECYCLE_ERRORS} These come as the only ` +
      'event, before anything is sent. A failure after the message was sent (the agent failed, the upstream ' +
      'broke off or went quiet) ends the stream with an error that says `retryable: false` and ' +
      '`details.mayHaveApplied: true`: the message was probably stored (read the session’s messages to check).',
    args: { input: t.arg({ type: AgentReplyInputRef }) },
    subscribe: async (_root, { input }, ctx) => {
      requireCaller(ctx);
      const message = agentMessageOf(input);
      const session = await ownedSession(ctx, message.sessionId);
      return replyEvents(ctx, session, message);
    },
    resolve: (item: StreamItem): ReplyEvent => {
      if (item.kind === 'failed') throw item.error;
      return item;
    },
  }),
);
