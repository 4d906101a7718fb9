import { builder, type Types } from '../builder.js';

export const TimeoutConfigInputRef = builder.inputType('AgentTimeoutConfigInput', {
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

export const AttachmentInputRef = builder.inputType('AgentAttachmentInput', {
  description: 'A file the agent can fetch, passed by URL.',
  fields: (t) => ({
    type: t.field({ type: AttachmentTypeEnum }),
    url: t.string({ description: 'Absolute http or https URL, at most 2048 characters.' }),
    name: t.string({ required: false, description: 'Display name, 1..255 characters.' }),
  }),
});

/** The fields of a message for an agent session, shared by `sendAgentMessage` and `agentReply`. */
export function agentMessageFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) {
  return {
    sessionId: t.id({ description: 'Global id of an AgentSession the caller owns.' }),
    text: t.string({
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
  };
}
