const MAX_ID_LENGTH = 64;
/** Visible ASCII only (no spaces, no confusable Unicode), minus characters that can change a URL's meaning. */
export const ID_CHARS = /^[\x21-\x7e]+$/;
const ID_FORBIDDEN = /[/\\%?#;]/;

/**
 * Why `id` cannot be a Sumvin session id (1..64 chars), or null when it can: rejects empty, too
 * long, dot-only, whitespace, control or non-ASCII characters and `/ \ % ? # ;`.
 */
export function sumvinSessionIdProblem(id: unknown): string | null {
  if (typeof id !== 'string' || id.length === 0) return 'empty';
  if (id.length > MAX_ID_LENGTH) return `longer than ${MAX_ID_LENGTH}`;
  if (!ID_CHARS.test(id)) return 'only visible ASCII characters are allowed';
  if (ID_FORBIDDEN.test(id)) return 'forbidden character';
  if (/^\.+$/.test(id)) return 'dot segment';
  return null;
}
