import { InputError } from '../errors/classes.js';

/**
 * The limits of Sumvin chat write inputs and the string checks the input modules share. Every
 * rule is at least as strict as the upstream's; every failure names the input path, e.g.
 * `input.messages[2].parts[0].file.url`.
 */

export const CHAT_LIMITS = {
  /** Messages in one create or save call; more must be sent in several calls. */
  maxMessagesPerCall: 100,
  maxPartsPerMessage: 100,
  maxMessageIdLength: 64,
  maxRoleLength: 64,
  maxTitleLength: 255,
  maxMetadataChars: 10_240,
  /** Tool names and data part names. */
  maxNameLength: 128,
  /** Part `state` values (`done`, `output-available`, …). */
  maxStateLength: 64,
  /** Ids inside parts (`toolCallId`, `sourceId`, data part `id`) and a raw part's `type`. */
  maxPartIdLength: 256,
  maxAttachmentBytes: 10 * 1024 * 1024,
  maxFilenameLength: 255,
} as const;

/** Python counts string lengths in code points, and so does this. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export const CONTROL = /[\u0000-\u001f\u007f]/;

export function nonEmpty(value: unknown, field: string, max?: number): string {
  if (typeof value !== 'string' || value.length === 0) throw new InputError(field, 'must not be empty');
  if (max !== undefined && codePoints(value) > max) throw new InputError(field, `must be at most ${max} characters`);
  return value;
}

export function optionalNonEmpty(value: unknown, field: string, max?: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  return nonEmpty(value, field, max);
}

/** A media type such as `image/png` (no parameters). */
export const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;
