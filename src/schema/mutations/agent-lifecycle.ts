import { requireCaller, type Context } from '../../context/context.js';
import type { TimeoutConfigInput } from '../../domain/agent-input.js';
import { mergeTimeoutConfig, validateTimeoutPatch } from '../../domain/timeout-merge.js';
import type { ElizaSession } from '../../upstream/eliza/types.js';
import { builder } from '../builder.js';
import { encodeGlobalId } from '../node.js';
import { AgentSessionRef } from '../refs.js';
import { publishAgentEnded, publishAgentSession } from './live-publish.js';
import { LIFECYCLE_ERRORS, agentSessionIdOf, ownedSession, primed, upstreamWrite } from './agent-write-steps.js';

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
        sessionId: t.id({ description: 'Global id of an AgentSession the caller owns.' }),
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
        publishAgentSession(ctx, 'updated', session);
        return { session: await primed(ctx, session) };
      },
    },
    {
      outputFields: (t) => ({
        session: t.field({ type: AgentSessionRef, resolve: (r) => r.session }),
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
      sessionId: t.id({ description: 'Global id of an AgentSession the caller owns.' }),
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
      publishAgentSession(ctx, 'updated', session);
      return { session: await primed(ctx, session) };
    },
  },
  {
    outputFields: (t) => ({
      session: t.field({ type: AgentSessionRef, resolve: (r) => r.session }),
    }),
  },
);

builder.relayMutationField(
  'endAgentSession',
  {
    inputFields: (t) => ({
      sessionId: t.id({ description: 'Global id of an AgentSession the caller owns.' }),
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
      await ctx.loaders.eliza.endSession(sessionId);
      publishAgentEnded(ctx, sessionId);
      return { endedId: encodeGlobalId('AgentSession', sessionId) };
    },
  },
  {
    outputFields: (t) => ({
      endedId: t.id({ description: 'Global id of the ended session.', resolve: (r) => r.endedId }),
    }),
  },
);
