import { z } from 'zod';

/** Wire shapes of the Sumvin chat API (snake_case, timestamps as epoch-ms integers). Unknown keys are dropped. */

const jsonObject = z.record(z.string(), z.unknown());
const epochMs = z.int().nonnegative();

export const messageDataSchema = z.object({
  id: z.string(),
  message_id: z.string(),
  role: z.string(),
  text_content: z.string().nullish(),
  parts: z.array(jsonObject),
  tool_names: z.array(z.string()).nullish(),
  extra_metadata: jsonObject.nullish(),
  sequence: z.int(),
  created_at: epochMs,
});
export type MessageData = z.infer<typeof messageDataSchema>;

export const sessionDataSchema = z.object({
  id: z.string(),
  title: z.string().nullish(),
  preview: z.string().nullish(),
  message_count: z.int().nonnegative(),
  created_at: epochMs,
  updated_at: epochMs,
  sv_meta: jsonObject.nullish(),
  /** Expanded messages: each is checked when it is read (lazy-messages.ts), not here. */
  messages: z.array(z.unknown()).nullish(),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

const pageFields = {
  total: z.int().nonnegative(),
  offset: z.int().nonnegative(),
  limit: z.int().nonnegative(),
};

export const sessionListEnvelopeSchema = z.object({ sessions: z.array(sessionDataSchema), ...pageFields });
export type SessionListEnvelope = z.infer<typeof sessionListEnvelopeSchema>;

/** get, create and update all answer `{_links, session}`. */
export const sessionEnvelopeSchema = z.object({ session: sessionDataSchema });
export type SessionEnvelope = z.infer<typeof sessionEnvelopeSchema>;

export const messageListEnvelopeSchema = z.object({ messages: z.array(messageDataSchema), ...pageFields });
export type MessageListEnvelope = z.infer<typeof messageListEnvelopeSchema>;

export const saveMessagesEnvelopeSchema = z.object({ saved_count: z.int().nonnegative() });
export type SaveMessagesEnvelope = z.infer<typeof saveMessagesEnvelopeSchema>;

export const uploadEnvelopeSchema = z.object({ url: z.string(), filename: z.string(), media_type: z.string() });
export type UploadEnvelope = z.infer<typeof uploadEnvelopeSchema>;

/** RFC 7807 body of every non-422 error; only the fields the facade reads are required. */
export const problemDetailSchema = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.int().optional(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  error_code: z.string(),
  trace_id: z.string().nullish(),
});
export type ProblemDetail = z.infer<typeof problemDetailSchema>;

/** FastAPI `HTTPValidationError`. `input` and `ctx` are deliberately not read. */
export const validationErrorSchema = z.object({
  detail: z.array(
    z.object({
      loc: z.array(z.union([z.string(), z.number()])),
      msg: z.string(),
      type: z.string().optional(),
    }),
  ),
});
export type ValidationErrorBody = z.infer<typeof validationErrorSchema>;
