import { requireCaller, type Context } from '../../context/context.js';
import type { MessageNode } from '../../domain/messages.js';
import { UpstreamError } from '../../errors/classes.js';
import type { ElizaSession } from '../../upstream/eliza/types.js';
import { sendAndFollow } from '../mutations/agent-follow.js';
import { builder } from '../builder.js';
import { agentMessageFields } from '../mutations/agent-inputs.js';
import { LIFECYCLE_ERRORS, agentMessageOf, ownedSession, type AgentMessage } from '../mutations/agent-write-steps.js';
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
        'The agent’s reply as the upstream stored it: `node` and the session’s `messages` return it later ' +
        'under the same id.',
      resolve: (e) => e.reply,
    }),
    session: t.field({
      type: AgentSessionRef,
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

const isTimeout = (reason: unknown) => reason instanceof Error && reason.name === 'TimeoutError';

/** The followed reply as schema events; ends after the reply or the first failure. */
async function* replyEvents(ctx: Context, session: ElizaSession, message: AgentMessage): AsyncGenerator<StreamItem, void, undefined> {
  const signal = ctx.streamSignal();
  try {
    for await (const e of sendAndFollow(ctx, session, message, signal)) {
      if (e.kind === 'accepted') yield { kind: 'accepted', userMessage: e.userMessage };
      else if (e.kind === 'chunk') yield { kind: 'chunk', index: e.index, text: e.text };
      else {
        yield { kind: 'completed', sessionId: message.sessionId, reply: e.reply };
        return;
      }
    }
  } catch (err) {
    // the client went away: nobody to tell
    if (signal.aborted && !isTimeout(signal.reason)) return;
    if (signal.aborted) {
      yield {
        kind: 'failed',
        error: new UpstreamError({ service: 'eliza', kind: 'UPSTREAM_TIMEOUT', retryable: false, mayHaveApplied: true, operation: SEND_OPERATION, cause: err }),
      };
      return;
    }
    yield { kind: 'failed', error: err };
  }
}

builder.subscriptionField('agentReply', (t) =>
  t.field({
    type: AgentReplyEventRef,
    nullable: true,
    description:
      'Sends a message to the agent of a session (a write, like sendAgentMessage) and streams the reply as it ' +
      'is produced: AgentMessageAccepted, then AgentReplyChunk events, then AgentReplyCompleted, after which ' +
      'the stream ends. Served over Server-Sent Events (GraphQL over SSE: `Accept: text/event-stream`) and ' +
      'graphql-ws (WebSocket, same path); clients without either should use sendAgentMessage. The reply is ' +
      `stored: it stays in the session’s history under the id given here, like the user message. ${LIFECYCLE_ERRORS} These come as the only ` +
      'event, before anything is sent. A failure after the message was sent (the agent failed, the upstream ' +
      'broke off, or no reply came within the reply deadline) ends the stream with an error that says `retryable: false` and ' +
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
