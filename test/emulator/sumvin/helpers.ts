import { request as httpRequest } from 'node:http';
import type { SumvinEmulator } from '../../../src/emulator/sumvin/index.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <user>`; omit for no credentials. */
  user?: string;
  headers?: Record<string, string>;
  json?: unknown;
  /** Raw body, sent as is (with `content-type: application/json` unless headers say otherwise). */
  raw?: string | Uint8Array;
  form?: FormData;
}

export async function call(emu: SumvinEmulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.user !== undefined) headers['authorization'] = `Bearer ${opts.user}`;
  let body: string | Uint8Array | FormData | undefined;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  } else if (opts.raw !== undefined) {
    body = opts.raw;
    headers['content-type'] ??= 'application/json';
  } else if (opts.form) {
    body = opts.form;
  }
  const res = await fetch(emu.url + path, { method, headers, body: body as BodyInit | undefined, redirect: 'manual' });
  const text = await res.text();
  let parsed: unknown = undefined;
  if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** Sends the path byte for byte (fetch would normalise `..` and friends away). */
export function rawCall(
  emu: SumvinEmulator,
  method: string,
  rawPath: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: unknown; text: string }> {
  const u = new URL(emu.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, method, path: rawPath, headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = text === '' ? undefined : JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

export function textMessage(id: string, role: string, text: string, extra: Record<string, unknown> = {}) {
  return { id, role, parts: [{ type: 'text', text }], ...extra };
}

export function problemOf(code: string, status: number, instance: string) {
  return {
    type: `https://api.sumvin.com/errors/${code.toLowerCase()}`,
    status,
    instance,
    error_code: code,
  };
}

/** 2025-01-01T00:00:00Z */
export const T0 = 1_735_689_600_000;
