import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorControls, FailureRule } from '../controls.js';

/**
 * Optional JSON control API under `/__emulator/` (only with `exposeControls: true`). It is served
 * before the chat router, so it is neither counted nor subject to injected latency or failures:
 * a test can always switch a failure off again.
 *
 *   GET  /__emulator/counts   → { total, counts }
 *   POST /__emulator/reset    {data?: boolean, knobs?: boolean} (both default true) → { ok }
 *   GET  /__emulator/clock    → { now }
 *   POST /__emulator/clock    {advanceMs?: number, freezeAt?: number | true, unfreeze?: boolean} → { now }
 *   POST /__emulator/latency  {ms: number} → { latencyMs }
 *   POST /__emulator/failure  FailureRule | null → { failure }
 */

export const CONTROL_PREFIX = '/__emulator/';
const MAX_CONTROL_BODY = 64 * 1024;

export interface ControlDeps {
  controls: EmulatorControls;
  resetData: () => void;
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function readJson(raw: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    raw.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_CONTROL_BODY) chunks.push(c);
    });
    raw.on('end', () => {
      if (size > MAX_CONTROL_BODY) return reject(new Error('control body too large'));
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        reject(new Error('control body is not JSON'));
      }
    });
    raw.on('error', reject);
  });
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function parseFailure(v: unknown): FailureRule | null {
  if (v === null) return null;
  const o = obj(v);
  const status = o['status'];
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599) {
    throw new Error('failure.status must be an integer 400..599');
  }
  const rate = o['rate'] === undefined ? 1 : o['rate'];
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new Error('failure.rate must be 0..1');
  const rule: FailureRule = { status, rate };
  if (Array.isArray(o['routes'])) rule.routes = o['routes'].filter((r): r is string => typeof r === 'string');
  if (typeof o['body'] === 'string') rule.body = o['body'];
  if (typeof o['contentType'] === 'string') rule.contentType = o['contentType'];
  const headers = obj(o['headers']);
  const h: Record<string, string> = {};
  for (const [k, val] of Object.entries(headers)) if (typeof val === 'string') h[k] = val;
  if (Object.keys(h).length > 0) rule.headers = h;
  return rule;
}

/** Handles one control request; resolves once the answer is sent. */
export async function handleControl(raw: IncomingMessage, res: ServerResponse, path: string, deps: ControlDeps): Promise<void> {
  const { controls } = deps;
  const method = (raw.method ?? 'GET').toUpperCase();
  const name = path.slice(CONTROL_PREFIX.length);
  try {
    if (method === 'GET' && name === 'counts') {
      raw.resume();
      return reply(res, 200, { total: controls.count(), counts: controls.counts() });
    }
    if (method === 'GET' && name === 'clock') {
      raw.resume();
      return reply(res, 200, { now: controls.clock.now() });
    }
    if (method !== 'POST' || !['reset', 'clock', 'latency', 'failure'].includes(name)) {
      raw.resume();
      return reply(res, 404, { detail: 'Not Found' });
    }
    const body = await readJson(raw);
    switch (name) {
      case 'reset': {
        const o = obj(body);
        if (o['data'] !== false) deps.resetData();
        if (o['knobs'] !== false) controls.resetKnobs();
        return reply(res, 200, { ok: true });
      }
      case 'clock': {
        const o = obj(body);
        if (o['unfreeze'] === true) controls.clock.unfreeze();
        if (o['freezeAt'] === true) controls.clock.freeze();
        else if (typeof o['freezeAt'] === 'number' && Number.isFinite(o['freezeAt'])) controls.clock.freeze(o['freezeAt']);
        if (typeof o['advanceMs'] === 'number' && Number.isFinite(o['advanceMs'])) controls.clock.advance(o['advanceMs']);
        return reply(res, 200, { now: controls.clock.now() });
      }
      case 'latency': {
        const ms = obj(body)['ms'];
        if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new Error('ms must be a number');
        controls.setLatency(ms);
        return reply(res, 200, { latencyMs: controls.latency() });
      }
      default: {
        const rule = parseFailure(body === undefined ? null : body);
        controls.setFailure(rule);
        return reply(res, 200, { failure: rule });
      }
    }
  } catch (err) {
    return reply(res, 400, { error: err instanceof Error ? err.message : 'bad request' });
  }
}
