/**
 * Server-sent events (`text/event-stream`) read incrementally, following the WHATWG EventSource
 * parsing rules: lines end with CRLF, LF or CR (also when a chunk boundary splits a CRLF); lines
 * starting with `:` are comments; `data:` lines of one event are joined with "\n"; a blank line
 * dispatches the event; an event without data lines is dropped, and so is an unterminated last one.
 */

export interface SseEvent {
  /** The `event:` field, or `message` when absent. */
  event: string;
  data: string;
  id?: string;
}

export interface SseLimits {
  /** Bytes one event may take on the wire, its field names and line ends included. */
  maxEventBytes: number;
  /** Bytes the whole stream may take. */
  maxStreamBytes: number;
  /** Longest wait for the next event (from the start, or from the previous event). */
  idleTimeoutMs: number;
}

export const SSE_DEFAULTS: SseLimits = {
  maxEventBytes: 64 * 1024,
  maxStreamBytes: 2 * 1024 * 1024,
  idleTimeoutMs: 15_000,
};

export type SseFailure = 'EVENT_TOO_LARGE' | 'STREAM_TOO_LARGE' | 'IDLE_TIMEOUT' | 'BAD_ENCODING';

export class SseError extends Error {
  override name = 'SseError';
  constructor(
    readonly reason: SseFailure,
    message: string,
  ) {
    super(message);
  }
}

export class SseParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Text after the last line end. */
  private partial = '';
  /** The previous chunk ended in CR: a LF at the start of the next one belongs to it. */
  private afterCr = false;
  private eventName = '';
  private data: string[] = [];
  private hasData = false;
  private id: string | undefined;
  private eventBytes = 0;

  constructor(private readonly maxEventBytes: number = SSE_DEFAULTS.maxEventBytes) {}

  /** Feeds raw bytes; returns the events they complete. */
  push(chunk: Uint8Array): SseEvent[] {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw new SseError('BAD_ENCODING', 'event stream is not valid UTF-8');
    }
    return this.feed(text);
  }

  /** The stream ended: flushes the decoder. An event without its closing blank line is dropped. */
  end(): SseEvent[] {
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      throw new SseError('BAD_ENCODING', 'event stream is not valid UTF-8');
    }
    return this.feed(text);
  }

  private feed(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let start = 0;
    if (this.afterCr && text.startsWith('\n')) start = 1;
    if (text.length > 0) this.afterCr = false;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      const line = this.partial + text.slice(start, i);
      this.partial = '';
      if (c === 13) {
        if (i + 1 < text.length) {
          if (text.charCodeAt(i + 1) === 10) i++;
        } else {
          this.afterCr = true;
        }
      }
      start = i + 1;
      this.countBytes(Buffer.byteLength(line) + 1);
      const event = this.line(line);
      if (event) out.push(event);
    }
    this.partial += text.slice(start);
    if (this.eventBytes + Buffer.byteLength(this.partial) > this.maxEventBytes) this.tooLarge();
    return out;
  }

  private countBytes(n: number): void {
    this.eventBytes += n;
    if (this.eventBytes > this.maxEventBytes) this.tooLarge();
  }

  private tooLarge(): never {
    throw new SseError('EVENT_TOO_LARGE', `an event is larger than ${this.maxEventBytes} bytes`);
  }

  private line(line: string): SseEvent | null {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.eventName = value;
    else if (field === 'data') {
      this.data.push(value);
      this.hasData = true;
    } else if (field === 'id' && !value.includes('\u0000')) this.id = value;
    return null;
  }

  private dispatch(): SseEvent | null {
    const event: SseEvent | null = this.hasData
      ? { event: this.eventName || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) }
      : null;
    this.eventName = '';
    this.data = [];
    this.hasData = false;
    this.eventBytes = 0;
    return event;
  }
}

const IDLE = Symbol('idle');

/**
 * Events of a byte stream, within `limits`. When the idle timeout passes, the read still pending
 * is left behind (its outcome ignored): whoever owns the source must destroy it, which the
 * caller's `finally` does.
 */
export async function* readSse(source: AsyncIterable<Uint8Array>, limits: SseLimits): AsyncGenerator<SseEvent, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const parser = new SseParser(limits.maxEventBytes);
  let total = 0;
  let deadline = Date.now() + limits.idleTimeoutMs;
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;
  let finished = false;
  try {
    for (;;) {
      pending = iterator.next();
      const step = await raceIdle(pending, deadline - Date.now());
      if (step === IDLE) {
        pending.catch(() => undefined);
        throw new SseError('IDLE_TIMEOUT', `no event for ${limits.idleTimeoutMs} ms`);
      }
      pending = null;
      if (step.done) {
        finished = true;
        for (const event of parser.end()) yield event;
        return;
      }
      total += step.value.byteLength;
      if (total > limits.maxStreamBytes) {
        throw new SseError('STREAM_TOO_LARGE', `event stream is larger than ${limits.maxStreamBytes} bytes`);
      }
      const events = parser.push(step.value);
      for (const event of events) yield event;
      if (events.length > 0) deadline = Date.now() + limits.idleTimeoutMs;
    }
  } finally {
    // A source whose read is still pending cannot be asked to return (generators queue the request).
    if (!finished && pending === null) await iterator.return?.().catch(() => undefined);
  }
}

function raceIdle<T>(promise: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof IDLE>((resolve) => {
    handle = setTimeout(() => resolve(IDLE), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(handle));
}
