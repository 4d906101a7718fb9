import { randomBytes } from 'node:crypto';
import { ArgumentError, InputError } from '../errors/classes.js';
import { sumvinSessionIdProblem } from '../upstream/sumvin/ids.js';
import type { JsonObject, SumvinMessageInput } from '../upstream/sumvin/types.js';
import { CHAT_LIMITS, codePoints, CONTROL, nonEmpty } from './chat-limits.js';
import { toUiPart, type PartInput } from './chat-part-input.js';
import { roleOf, type Role } from './messages.js';

/**
 * Chat sessions and messages as the client gives them to create and save calls: ids, titles and
 * messages, checked and converted before any upstream call.
 */

const hex32 = () => randomBytes(16).toString('hex');
export const newChatSessionId = (): string => `cs-${hex32()}`;
export const newMessageId = (): string => `msg-${hex32()}`;

/**
 * Checks a client-chosen chat session id against Sumvin's rules before it goes anywhere near a
 * URL (see `sumvinSessionIdProblem`); the error names `field`.
 */
export function checkChatSessionId(id: unknown, field: string): asserts id is string {
  const problem = sumvinSessionIdProblem(id);
  if (problem !== null) throw new ArgumentError(field, problem, 'sumvin');
}

export interface ChatMessageInput {
  id?: string | null;
  role: Role;
  /** The role to store as is; it must read back as `role`. */
  rawRole?: string | null;
  parts: readonly PartInput[];
  createdAt?: Date | null;
  metadata?: JsonObject | null;
}

function metadataOf(value: JsonObject, field: string): JsonObject {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new InputError(field, 'must be a JSON object');
  if (text.length > CHAT_LIMITS.maxMetadataChars) {
    throw new InputError(field, `must be at most ${CHAT_LIMITS.maxMetadataChars} characters as JSON`);
  }
  return value;
}

/**
 * The role string stored upstream: `rawRole` as given when set (it must read back as `role`, so
 * that what is written reads back the same), else the enum's own word; OTHER needs `rawRole`.
 */
function storedRole(m: Pick<ChatMessageInput, 'role' | 'rawRole'>, at: string): string {
  if (m.rawRole === undefined || m.rawRole === null) {
    if (m.role === 'OTHER') throw new InputError(`${at}.rawRole`, 'is required when role is OTHER');
    return m.role.toLowerCase();
  }
  const raw = nonEmpty(m.rawRole, `${at}.rawRole`, CHAT_LIMITS.maxRoleLength);
  if (raw.trim().length === 0) throw new InputError(`${at}.rawRole`, 'must not be blank');
  const readsAs = roleOf(raw);
  if (readsAs !== m.role) throw new InputError(`${at}.rawRole`, `reads back as role ${readsAs}, not ${m.role}`);
  return raw;
}

/**
 * The messages of one create or save call, checked and converted. A message without an id gets
 * `msg-` + 32 hex; ids must be unique within the call (the upstream upserts by id, so a repeated id
 * would silently replace an earlier message of the same call).
 */
export function toSumvinMessages(
  messages: readonly ChatMessageInput[],
  field = 'input.messages',
  newId: () => string = newMessageId,
): SumvinMessageInput[] {
  if (messages.length === 0) throw new InputError(field, 'at least one message is required');
  if (messages.length > CHAT_LIMITS.maxMessagesPerCall) {
    throw new InputError(field, `at most ${CHAT_LIMITS.maxMessagesPerCall} messages per call; send the rest in another call`);
  }
  const seen = new Map<string, number>();
  return messages.map((m, i) => {
    const at = `${field}[${i}]`;
    let id: string;
    if (m.id === undefined || m.id === null) id = newId();
    else {
      id = nonEmpty(m.id, `${at}.id`, CHAT_LIMITS.maxMessageIdLength);
      if (CONTROL.test(id)) throw new InputError(`${at}.id`, 'must not contain control characters');
      const first = seen.get(id);
      if (first !== undefined) throw new InputError(`${at}.id`, `repeats the id of ${field}[${first}]`);
    }
    seen.set(id, i);
    const role = storedRole(m, at);
    if (m.parts.length > CHAT_LIMITS.maxPartsPerMessage) {
      throw new InputError(`${at}.parts`, `at most ${CHAT_LIMITS.maxPartsPerMessage} parts per message`);
    }
    const parts = m.parts.map((p, j) => toUiPart(p, `${at}.parts[${j}]`));
    const out: SumvinMessageInput = { id, role, parts };
    if (m.createdAt !== undefined && m.createdAt !== null) {
      const ms = m.createdAt.getTime();
      if (!Number.isSafeInteger(ms)) throw new InputError(`${at}.createdAt`, 'is not a valid instant');
      out.createdAt = ms;
    }
    if (m.metadata !== undefined) out.metadata = m.metadata === null ? null : metadataOf(m.metadata, `${at}.metadata`);
    return out;
  });
}

export function checkTitle(title: string | null | undefined, field: string): void {
  if (typeof title === 'string' && codePoints(title) > CHAT_LIMITS.maxTitleLength) {
    throw new InputError(field, `must be at most ${CHAT_LIMITS.maxTitleLength} characters`);
  }
}
