import type { ElizaAttachmentInput, ElizaTimeoutConfig, JsonObject } from '../upstream/eliza/types.js';
import { InputError } from '../errors/classes.js';

/**
 * Input rules of the agent-session mutations: the stricter of what the ElizaOS Sessions API
 * enforces and what the facade promises. Everything here runs before any upstream call.
 */
export const AGENT_LIMITS = {
  /** Message text, in UTF-16 code units (JS string length), as the upstream counts. */
  maxTextLength: 4000,
  /** `JSON.stringify(metadata).length`, as the upstream measures it. */
  maxMetadataChars: 10_240,
  maxAttachments: 10,
  maxAttachmentUrlLength: 2048,
  maxAttachmentNameLength: 255,
  minTimeoutMinutes: 5,
  maxTimeoutMinutes: 1440,
  /** The upstream caps a requested maximum duration at twice the largest timeout. */
  maxDurationMinutes: 2880,
} as const;

/**
 * Keys the upstream writes into the channel record of a new session next to the client's metadata
 * (`{sessionId, agentId, userId, timeoutConfig, ...metadata}`). Client metadata with these keys
 * would overwrite the identity the facade asserts, so they are refused on create.
 */
export const RESERVED_SESSION_METADATA_KEYS = ['sessionId', 'agentId', 'userId', 'timeoutConfig'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: string): boolean => UUID.test(v);

/** An agent id: a UUID. A name ("Ada") is refused with a pointer to where the ids are. */
export function requireAgentId(value: string, field: string): string {
  if (!isUuid(value)) {
    throw new InputError(field, 'must be an agent’s UUID, not its name: `query { agents { id name } }` lists them');
  }
  return value;
}

export function requireUuid(value: string, field: string): string {
  if (!isUuid(value)) throw new InputError(field, 'must be a UUID (8-4-4-4-12 hexadecimal digits)');
  return value;
}

export function validateText(text: string, field: string): string {
  if (text.length === 0) throw new InputError(field, 'must not be empty');
  if (text.length > AGENT_LIMITS.maxTextLength) {
    throw new InputError(field, `must be at most ${AGENT_LIMITS.maxTextLength} characters (UTF-16 code units); got ${text.length}`);
  }
  return text;
}

export function validateMetadata(metadata: JsonObject, field: string): JsonObject {
  const size = JSON.stringify(metadata).length;
  if (size > AGENT_LIMITS.maxMetadataChars) {
    throw new InputError(field, `must be at most ${AGENT_LIMITS.maxMetadataChars} characters as JSON; got ${size}`);
  }
  return metadata;
}

export function validateSessionMetadata(metadata: JsonObject, field: string): JsonObject {
  for (const key of RESERVED_SESSION_METADATA_KEYS) {
    if (Object.hasOwn(metadata, key)) {
      throw new InputError(`${field}.${key}`, `is reserved: the server sets ${RESERVED_SESSION_METADATA_KEYS.join(', ')} itself`);
    }
  }
  return validateMetadata(metadata, field);
}

export interface AttachmentInput {
  type: string;
  url: string;
  name?: string | null | undefined;
}

const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/;

export function validateAttachmentUrl(url: string, field: string): string {
  if (url.length > AGENT_LIMITS.maxAttachmentUrlLength) {
    throw new InputError(field, `must be at most ${AGENT_LIMITS.maxAttachmentUrlLength} characters; got ${url.length}`);
  }
  if (CONTROL_OR_SPACE.test(url)) throw new InputError(field, 'must not contain spaces or control characters');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(field, 'must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new InputError(field, 'must be an absolute http or https URL');
  }
  if (parsed.hostname === '') throw new InputError(field, 'must name a host');
  return url;
}

export function validateAttachments(list: readonly AttachmentInput[], field: string): ElizaAttachmentInput[] {
  if (list.length > AGENT_LIMITS.maxAttachments) {
    throw new InputError(field, `must hold at most ${AGENT_LIMITS.maxAttachments} attachments; got ${list.length}`);
  }
  return list.map((a, i) => {
    const at = `${field}[${i}]`;
    const url = validateAttachmentUrl(a.url, `${at}.url`);
    if (a.name === undefined || a.name === null) return { type: a.type, url };
    if (a.name.length === 0 || a.name.length > AGENT_LIMITS.maxAttachmentNameLength) {
      throw new InputError(`${at}.name`, `must be 1..${AGENT_LIMITS.maxAttachmentNameLength} characters`);
    }
    return { type: a.type, url, name: a.name };
  });
}

/** A timeout configuration as the client gave it: null and absent both mean "not given". */
export interface TimeoutConfigInput {
  timeoutMinutes?: number | null | undefined;
  autoRenew?: boolean | null | undefined;
  maxDurationMinutes?: number | null | undefined;
  warningThresholdMinutes?: number | null | undefined;
}

/** The fields the client gave, without nulls. */
export function givenTimeoutFields(input: TimeoutConfigInput): Partial<ElizaTimeoutConfig> {
  const out: Partial<ElizaTimeoutConfig> = {};
  if (input.timeoutMinutes != null) out.timeoutMinutes = input.timeoutMinutes;
  if (input.autoRenew != null) out.autoRenew = input.autoRenew;
  if (input.maxDurationMinutes != null) out.maxDurationMinutes = input.maxDurationMinutes;
  if (input.warningThresholdMinutes != null) out.warningThresholdMinutes = input.warningThresholdMinutes;
  return out;
}

/** Range checks that need no other field: timeout 5..1440, max duration 5..2880, warning 1..1440. */
export function checkTimeoutRanges(given: Partial<ElizaTimeoutConfig>, prefix: string): void {
  const { minTimeoutMinutes: min, maxTimeoutMinutes: max, maxDurationMinutes: maxDuration } = AGENT_LIMITS;
  const t = given.timeoutMinutes;
  if (t !== undefined && (t < min || t > max)) {
    throw new InputError(`${prefix}timeoutMinutes`, `must be between ${min} and ${max}; got ${t}`);
  }
  const d = given.maxDurationMinutes;
  if (d !== undefined && (d < min || d > maxDuration)) {
    throw new InputError(`${prefix}maxDurationMinutes`, `must be between ${min} and ${maxDuration}; got ${d}`);
  }
  const w = given.warningThresholdMinutes;
  if (w !== undefined && (w < 1 || w > max)) {
    throw new InputError(`${prefix}warningThresholdMinutes`, `must be between 1 and ${max}; got ${w}`);
  }
}

/**
 * The timeout configuration of a new session. Omitted fields take the agent's defaults upstream.
 * `maxDurationMinutes` needs `timeoutMinutes` next to it: the upstream silently raises a maximum
 * duration below the (unknown here) default timeout, which would change what the client asked for.
 */
export function validateCreateTimeoutConfig(input: TimeoutConfigInput, prefix: string): Partial<ElizaTimeoutConfig> {
  const given = givenTimeoutFields(input);
  checkTimeoutRanges(given, prefix);
  const t = given.timeoutMinutes;
  if (given.maxDurationMinutes !== undefined) {
    if (t === undefined) {
      throw new InputError(`${prefix}timeoutMinutes`, 'is required when maxDurationMinutes is given');
    }
    if (given.maxDurationMinutes < t) {
      throw new InputError(`${prefix}maxDurationMinutes`, `must be at least timeoutMinutes (${t}); got ${given.maxDurationMinutes}`);
    }
  }
  if (t !== undefined && given.warningThresholdMinutes !== undefined && given.warningThresholdMinutes > t) {
    throw new InputError(`${prefix}warningThresholdMinutes`, `must be at most timeoutMinutes (${t}); got ${given.warningThresholdMinutes}`);
  }
  return given;
}
