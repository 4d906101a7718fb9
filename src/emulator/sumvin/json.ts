/**
 * JSON body decoding that reports failures the way FastAPI does: `json_invalid` at
 * `["body", <char position>]` with Python's `json` module message in `ctx.error`.
 */

export const MAX_JSON_DEPTH = 256;

export type JsonParse = { ok: true; value: unknown } | { ok: false; pos: number; error: string };

const WS = new Set([' ', '\t', '\n', '\r']);

/** Nesting depth of a JSON text (brackets outside strings); runs in one pass without recursion. */
function maxDepth(text: string): { depth: number; pos: number } {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > MAX_JSON_DEPTH) return { depth: max, pos: i };
      }
    } else if (c === '}' || c === ']') depth--;
  }
  return { depth: max, pos: -1 };
}

export function parseJsonBody(text: string): JsonParse {
  const d = maxDepth(text);
  if (d.depth > MAX_JSON_DEPTH) return { ok: false, pos: d.pos, error: 'Maximum nesting depth exceeded' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, ...locateError(text) };
  }
}

/** Finds the first syntax error, iteratively, using the messages of Python's json decoder. */
export function locateError(s: string): { pos: number; error: string } {
  let i = 0;
  const skipWs = () => {
    while (i < s.length && WS.has(s[i]!)) i++;
  };
  // Stack of containers: 'a' = array, 'o' = object.
  const stack: ('a' | 'o')[] = [];

  const fail = (pos: number, error: string) => ({ pos, error });

  const scanString = (): { pos: number; error: string } | null => {
    const start = i;
    i++;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '"') {
        i++;
        return null;
      }
      if (c === '\\') {
        const e = s[i + 1];
        if (e === undefined) return fail(start, 'Unterminated string starting at');
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return fail(i + 1, 'Invalid \\uXXXX escape');
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return fail(i, 'Invalid \\escape');
        i += 2;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return fail(i, 'Invalid control character at');
      i++;
    }
    return fail(start, 'Unterminated string starting at');
  };

  const scanScalar = (): boolean => {
    for (const lit of ['true', 'false', 'null']) {
      if (s.startsWith(lit, i)) {
        i += lit.length;
        return true;
      }
    }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
    if (m && m[0] !== '-' && m[0].length > 0) {
      i += m[0].length;
      return true;
    }
    return false;
  };

  // After a value: decide what comes next based on the enclosing container.
  // Returns an error, 'value' when another value is expected, 'key' for an object key, or 'done'.
  const afterValue = (): { pos: number; error: string } | 'value' | 'key' | 'done' => {
    for (;;) {
      skipWs();
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (i < s.length) return fail(i, 'Extra data');
        return 'done';
      }
      const c = s[i];
      if (c === ',') {
        i++;
        skipWs();
        if (top === 'o') return 'key';
        return 'value';
      }
      if ((top === 'a' && c === ']') || (top === 'o' && c === '}')) {
        i++;
        stack.pop();
        continue;
      }
      return fail(i, "Expecting ',' delimiter");
    }
  };

  const scanKey = (): { pos: number; error: string } | null => {
    skipWs();
    if (s[i] !== '"') return fail(i, 'Expecting property name enclosed in double quotes');
    const err = scanString();
    if (err) return err;
    skipWs();
    if (s[i] !== ':') return fail(i, "Expecting ':' delimiter");
    i++;
    return null;
  };

  skipWs();
  let expect: 'value' | 'key' = 'value';
  for (;;) {
    if (expect === 'key') {
      const err = scanKey();
      if (err) return err;
    }
    skipWs();
    const c = s[i];
    if (c === '{') {
      i++;
      skipWs();
      if (s[i] === '}') {
        i++;
      } else {
        stack.push('o');
        expect = 'key';
        continue;
      }
    } else if (c === '[') {
      i++;
      skipWs();
      if (s[i] === ']') {
        i++;
      } else {
        stack.push('a');
        expect = 'value';
        continue;
      }
    } else if (c === '"') {
      const err = scanString();
      if (err) return err;
    } else if (!scanScalar()) {
      return fail(i, 'Expecting value');
    }
    const next = afterValue();
    if (next === 'done') return fail(0, 'Expecting value');
    if (typeof next === 'object') return next;
    expect = next;
  }
}
