import type { Loc, ValidationIssue } from './errors.js';
import type { JsonObject, MessageInput } from './store.js';

/**
 * Request validation with Pydantic v2 / FastAPI error entries. Every problem in a request is
 * collected (query first, then body, fields in declaration order), as FastAPI reports them together.
 */

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Python counts string length in code points. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const missing = (loc: Loc, input: unknown): ValidationIssue => ({ type: 'missing', loc, msg: 'Field required', input });

function stringField(
  v: unknown,
  loc: Loc,
  issues: ValidationIssue[],
  limits: { min?: number; max?: number },
): string | undefined {
  if (typeof v !== 'string') {
    issues.push({ type: 'string_type', loc, msg: 'Input should be a valid string', input: v });
    return undefined;
  }
  const len = limits.min !== undefined || limits.max !== undefined ? codePoints(v) : 0;
  if (limits.min !== undefined && len < limits.min) {
    issues.push({
      type: 'string_too_short',
      loc,
      msg: `String should have at least ${limits.min} character${limits.min === 1 ? '' : 's'}`,
      input: v,
      ctx: { min_length: limits.min },
    });
    return undefined;
  }
  if (limits.max !== undefined && len > limits.max) {
    issues.push({
      type: 'string_too_long',
      loc,
      msg: `String should have at most ${limits.max} character${limits.max === 1 ? '' : 's'}`,
      input: v,
      ctx: { max_length: limits.max },
    });
    return undefined;
  }
  return v;
}

function optionalInt(v: unknown, loc: Loc, issues: ValidationIssue[]): number | null | undefined {
  if (v === null) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v;
    if (Number.isFinite(v)) {
      issues.push({ type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input: v });
    } else {
      issues.push({ type: 'finite_number', loc, msg: 'Input should be a finite number', input: v });
    }
    return undefined;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const n = parseIntString(v);
    if (n !== null) return n;
    issues.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: v });
    return undefined;
  }
  issues.push({ type: 'int_type', loc, msg: 'Input should be a valid integer', input: v });
  return undefined;
}

/** Integer strings as Pydantic accepts them (surrounding whitespace, optional sign); null otherwise. */
export function parseIntString(v: string): number | null {
  const m = /^\s*([+-]?\d+)\s*$/.exec(v);
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isFinite(n) ? n : null;
}

function optionalDict(v: unknown, loc: Loc, issues: ValidationIssue[]): JsonObject | null | undefined {
  if (v === null) return null;
  if (isObject(v)) return v;
  issues.push({ type: 'dict_type', loc, msg: 'Input should be a valid dictionary', input: v });
  return undefined;
}

function modelShape(v: unknown, loc: Loc, issues: ValidationIssue[]): v is JsonObject {
  if (isObject(v)) return true;
  issues.push({
    type: 'model_attributes_type',
    loc,
    msg: 'Input should be a valid dictionary or object to extract fields from',
    input: v,
  });
  return false;
}

export function validateMessageInput(v: unknown, loc: Loc, issues: ValidationIssue[]): MessageInput | undefined {
  if (!modelShape(v, loc, issues)) return undefined;
  const before = issues.length;
  const id = 'id' in v ? stringField(v['id'], [...loc, 'id'], issues, { min: 1, max: 64 }) : (issues.push(missing([...loc, 'id'], v)), undefined);
  const role = 'role' in v ? stringField(v['role'], [...loc, 'role'], issues, {}) : (issues.push(missing([...loc, 'role'], v)), undefined);
  let parts: JsonObject[] | undefined;
  if (!('parts' in v)) issues.push(missing([...loc, 'parts'], v));
  else if (!Array.isArray(v['parts'])) {
    issues.push({ type: 'list_type', loc: [...loc, 'parts'], msg: 'Input should be a valid list', input: v['parts'] });
  } else {
    parts = [];
    (v['parts'] as unknown[]).forEach((p, i) => {
      if (isObject(p)) parts!.push(p);
      else issues.push({ type: 'dict_type', loc: [...loc, 'parts', i], msg: 'Input should be a valid dictionary', input: p });
    });
  }
  const createdAt = 'created_at' in v ? optionalInt(v['created_at'], [...loc, 'created_at'], issues) : null;
  const metadata = 'metadata' in v ? optionalDict(v['metadata'], [...loc, 'metadata'], issues) : null;
  if (issues.length > before || id === undefined || role === undefined || parts === undefined) return undefined;
  return { id, role, parts, created_at: createdAt ?? null, metadata: metadata ?? null };
}

function messageList(
  body: JsonObject,
  issues: ValidationIssue[],
  minItems: number,
): MessageInput[] | undefined {
  const loc: Loc = ['body', 'messages'];
  if (!('messages' in body)) {
    issues.push(missing(loc, body));
    return undefined;
  }
  const list = body['messages'];
  if (!Array.isArray(list)) {
    issues.push({ type: 'list_type', loc, msg: 'Input should be a valid list', input: list });
    return undefined;
  }
  const out: MessageInput[] = [];
  const before = issues.length;
  list.forEach((item: unknown, i) => {
    const m = validateMessageInput(item, [...loc, i], issues);
    if (m) out.push(m);
  });
  if (issues.length > before) return undefined;
  if (list.length < minItems) {
    issues.push({
      type: 'too_short',
      loc,
      msg: `List should have at least ${minItems} item${minItems === 1 ? '' : 's'} after validation, not ${list.length}`,
      input: list,
      ctx: { field_type: 'List', min_length: minItems, actual_length: list.length },
    });
    return undefined;
  }
  return out;
}

function optionalTitle(body: JsonObject, issues: ValidationIssue[]): string | null | undefined {
  if (!('title' in body)) return undefined;
  const t = body['title'];
  if (t === null) return null;
  return stringField(t, ['body', 'title'], issues, { max: 255 });
}

/** The body is absent (no bytes): FastAPI reports the whole body as a missing field. */
export const BODY_MISSING = Symbol('body-missing');

function bodyModel(body: unknown, issues: ValidationIssue[]): body is JsonObject {
  if (body === BODY_MISSING || body === null) {
    issues.push(missing(['body'], null));
    return false;
  }
  return modelShape(body, ['body'], issues);
}

export interface CreateSessionInput {
  id: string;
  title: string | null;
  messages: MessageInput[];
}

export function validateCreateSession(body: unknown, issues: ValidationIssue[]): CreateSessionInput | undefined {
  if (!bodyModel(body, issues)) return undefined;
  const before = issues.length;
  const id = 'id' in body ? stringField(body['id'], ['body', 'id'], issues, { min: 1, max: 64 }) : (issues.push(missing(['body', 'id'], body)), undefined);
  const messages = messageList(body, issues, 1);
  const title = optionalTitle(body, issues);
  if (issues.length > before || id === undefined || messages === undefined) return undefined;
  return { id, messages, title: title ?? null };
}

export function validateSaveMessages(body: unknown, issues: ValidationIssue[]): MessageInput[] | undefined {
  if (!bodyModel(body, issues)) return undefined;
  return messageList(body, issues, 0);
}

/** `undefined` title = key omitted (leave unchanged). */
export function validateUpdateSession(body: unknown, issues: ValidationIssue[]): { title: string | null | undefined } | undefined {
  if (!bodyModel(body, issues)) return undefined;
  const before = issues.length;
  const title = optionalTitle(body, issues);
  if (issues.length > before) return undefined;
  return { title };
}

/** Starlette's query dict keeps the last value of a repeated key. */
function lastValue(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  return all.length > 0 ? all[all.length - 1] : undefined;
}

function boundedInt(
  query: URLSearchParams,
  name: string,
  dflt: number,
  min: number,
  max: number | null,
  issues: ValidationIssue[],
): number {
  const raw = lastValue(query, name);
  if (raw === undefined) return dflt;
  const loc: Loc = ['query', name];
  const n = parseIntString(raw);
  if (n === null) {
    issues.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: raw });
    return dflt;
  }
  if (n < min) {
    issues.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${min}`, input: raw, ctx: { ge: min } });
    return dflt;
  }
  if (max !== null && n > max) {
    issues.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${max}`, input: raw, ctx: { le: max } });
    return dflt;
  }
  return n;
}

export interface Paging {
  offset: number;
  limit: number;
}

export function validatePaging(query: URLSearchParams, issues: ValidationIssue[]): Paging {
  const offset = boundedInt(query, 'offset', 0, 0, null, issues);
  const limit = boundedInt(query, 'limit', 50, 1, 100, issues);
  return { offset, limit };
}

/** `expand` is a repeatable key; only `messages` means anything, other values are ignored. */
export function expandsMessages(query: URLSearchParams): boolean {
  return query.getAll('expand').includes('messages');
}

export function queryString(query: URLSearchParams, name: string): string | null {
  return lastValue(query, name) ?? null;
}
