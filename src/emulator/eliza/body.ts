/**
 * Request body handling as Express 5's `express.json({ limit: '2mb' })` (body-parser 2) does it for
 * the real server: only `application/json` bodies are parsed, strict mode (top level must be an
 * object or array), an empty body becomes `{}`, and every failure is an error whose message the
 * app's `/api` error handler returns with status 500.
 */
import { BodyTooLargeError, type EmuRequest } from '../http.js';

export const JSON_LIMIT_BYTES = 2 * 1024 * 1024;

export class BodyParseError extends Error {}

/** type-is `hasBody`: a Transfer-Encoding header or a numeric Content-Length. */
export function hasBody(req: EmuRequest): boolean {
  const cl = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (cl !== undefined && !Number.isNaN(Number(cl)));
}

function mediaType(req: EmuRequest): { type: string; charset: string | undefined } | null {
  const header = req.headers['content-type'];
  if (!header) return null;
  const [type, ...params] = header.split(';');
  let charset: string | undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (eq === -1) continue;
    if (p.slice(0, eq).trim().toLowerCase() === 'charset') charset = p.slice(eq + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return { type: (type ?? '').trim().toLowerCase(), charset };
}

export function isJsonRequest(req: EmuRequest): boolean {
  return mediaType(req)?.type === 'application/json';
}

function strictSyntaxError(str: string, char: string | undefined): BodyParseError {
  const index = str.indexOf(String(char));
  const partial = index !== -1 ? str.substring(0, index) + '#'.repeat(str.length - index) : '';
  try {
    JSON.parse(partial);
    return new BodyParseError('strict violation');
  } catch (e) {
    const msg = (e as Error).message.replace(/#+/g, (p) => str.substring(index, index + p.length));
    return new BodyParseError(msg);
  }
}

export function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  if (text[0] !== '{' && text[0] !== '[') {
    const m = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/.exec(text);
    const first = m && m[1] ? m[1] : undefined;
    if (first !== '{' && first !== '[') throw strictSyntaxError(text, first);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BodyParseError((e as Error).message);
  }
}

/**
 * Reads and parses the body when the real server would; returns `undefined` when it would leave
 * `req.body` unset. Throws BodyParseError with the message the server reports.
 */
export async function readJsonBody(req: EmuRequest): Promise<unknown> {
  if (!hasBody(req) || !isJsonRequest(req)) return undefined;
  const charset = mediaType(req)?.charset ?? 'utf-8';
  if (charset.slice(0, 4) !== 'utf-') throw new BodyParseError(`unsupported charset "${charset.toUpperCase()}"`);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    throw new BodyParseError(`unsupported charset "${charset.toUpperCase()}"`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > JSON_LIMIT_BYTES) {
    req.raw.resume();
    throw new BodyParseError('request entity too large');
  }
  let bytes: Buffer;
  try {
    bytes = await req.bodyBytes(JSON_LIMIT_BYTES);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new BodyParseError('request entity too large');
    throw new BodyParseError('request aborted');
  }
  return parseStrictJson(decoder.decode(bytes));
}
