import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './message-parts.js';
import './message.js';
import './session.js';
import './chat-session.js';
import './agent-session.js';
import './health.js';
import './agents.js';
import './mutations/agent.js';
import './mutations/agent-lifecycle.js';
import './mutations/chat.js';
import './mutations/chat-attachment.js';
import './subscriptions/agent-reply.js';
import './subscriptions/session-events.js';

export const schema = builder.toSchema({ sortSchema: true });

export const printedSchema = (): string => `${printSchema(lexicographicSortSchema(schema))}\n`;
