import { afterAll, beforeAll, beforeEach } from 'vitest';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { startElizaEmulator, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { request as httpRequest } from 'node:http';

export const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);
export const MIN = 60_000;
export const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';
export const ADA = '3f6b1c2e-8a4d-4e57-9b1a-0c2d3e4f5a61';
export const USER = '11111111-1111-4111-8111-111111111111';
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const S = '/api/messaging/sessions';

export const iso = (ms: number) => new Date(ms).toISOString();

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

export interface CallOptions {
  headers?: Record<string, string>;
  json?: unknown;
  /** Raw body sent as is; no Content-Type unless given in headers. */
  raw?: string | Buffer;
}

/** One HTTP request with node:http, so raw paths (`..`, bad escapes) reach the server unchanged. */
export function call(base: { url: string }, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (opts.json !== undefined) {
    payload = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  } else if (opts.raw !== undefined) {
    payload = opts.raw;
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  const url = new URL(base.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any = text;
        if ((res.headers['content-type'] ?? '').startsWith('application/json') && text !== '') body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function createSession(base: { url: string }, extra: Record<string, unknown> = {}): Promise<any> {
  const r = await call(base, 'POST', S, { json: { agentId: AGENT, userId: USER, ...extra } });
  if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.text}`);
  return r.body;
}

export const DEFAULT_CONFIG = { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 };

export function parseSse(text: string): Array<{ event: string; data: any }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? '';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      return { event, data: JSON.parse(data) };
    });
}

/**
 * One emulator for the enclosing describe block, with its clock frozen at T0; before every test
 * its data and knobs are reset and the clock frozen again. `set` receives the running emulator.
 */
export function useFrozenEmulator(set: (emu: ElizaEmulator) => void): void {
  let emu: ElizaEmulator | undefined;
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({ controls, replyDelayMs: 0 });
    set(emu);
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    emu!.reset();
    emu!.controls.resetKnobs();
    emu!.controls.clock.freeze(T0);
  });
}
