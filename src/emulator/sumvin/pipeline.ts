import { BodyTooLargeError, type EmuRequest, type EmuResponse, type Handler } from '../http.js';
import type { Authenticator } from './auth.js';
import { HttpAnswer, problem, validationResponse, type ValidationIssue } from './errors.js';
import { parseJsonBody } from './json.js';
import { isoTimestamps, wantsIso } from './present.js';
import { BODY_MISSING } from './validate.js';

/**
 * Steps shared by the operations, in the order a FastAPI app takes them: the body is read and
 * decoded first (413, then 422 `json_invalid`), then the caller is authenticated (401), then query
 * and body are validated together (422), then the handler looks the session up (403/404/409).
 */

export const DEFAULT_MAX_JSON_BYTES = 2 * 1024 * 1024;

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function isJsonContentType(ct: string | undefined): boolean {
  if (ct === undefined || ct.trim() === '') return true;
  const mediaType = ct.split(';')[0]!.trim().toLowerCase();
  const [main, sub] = mediaType.split('/');
  return main === 'application' && sub !== undefined && (sub === 'json' || sub.endsWith('+json'));
}

/**
 * Reads a JSON body. Returns BODY_MISSING for an empty body, and the raw text for a non-JSON content
 * type (FastAPI then reports the body as not an object).
 */
export async function readJsonBody(req: EmuRequest, maxBytes: number): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await req.bodyBytes(maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new HttpAnswer(problem(req, 'GEN-413-001', `Request body exceeds the limit of ${maxBytes} bytes`));
    }
    throw err;
  }
  if (bytes.length === 0) return BODY_MISSING;
  let text: string;
  try {
    text = fatalUtf8.decode(bytes);
  } catch {
    throw new HttpAnswer(problem(req, 'CHT-400-001', 'There was an error parsing the body'));
  }
  const ct = req.headers['content-type'];
  if (!isJsonContentType(typeof ct === 'string' ? ct : undefined)) return text;
  const parsed = parseJsonBody(text);
  if (!parsed.ok) {
    throw new HttpAnswer(
      validationResponse([
        { type: 'json_invalid', loc: ['body', parsed.pos], msg: 'JSON decode error', input: {}, ctx: { error: parsed.error } },
      ]),
    );
  }
  return parsed.value;
}

export async function requireCaller(req: EmuRequest, auth: Authenticator, allowPat = false): Promise<string> {
  const r = await auth.authenticate(req, allowPat);
  if (!r.ok) throw new HttpAnswer(problem(req, r.code, r.detail));
  return r.userId;
}

export function failIfInvalid(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new HttpAnswer(validationResponse(issues));
}

/** Wraps an operation: turns HttpAnswer into its response and applies the timestamp format. */
export function operation(fn: Handler): Handler {
  return async (req) => {
    let out: EmuResponse;
    try {
      out = await fn(req);
    } catch (err) {
      if (!(err instanceof HttpAnswer)) throw err;
      out = err.response;
    }
    if (out.json !== undefined && wantsIso(req.headers)) out = { ...out, json: isoTimestamps(out.json) };
    return out;
  };
}

/** Keeps very long or odd ids readable inside an error message. */
export function shortId(id: string): string {
  const chars = [...id];
  return chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : id;
}
