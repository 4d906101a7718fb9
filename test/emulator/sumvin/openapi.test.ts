import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, T0, textMessage, type Answer, type CallOptions } from './helpers.js';

/**
 * Every response of every operation, success and each declared error status, is validated against
 * the schema the published OpenAPI (copied next to this test) declares for that operation and status.
 */

interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
  components: object;
}

const doc = JSON.parse(readFileSync(new URL('./sumvin-chat.openapi.json', import.meta.url), 'utf8')) as OpenApiDoc;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...doc, $id: 'sumvin-openapi.json' });

interface Declared {
  method: string;
  path: string;
  status: string;
  validate: ValidateFunction | null;
}

const declared = new Map<string, Map<string, Declared>>();
for (const [path, ops] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(ops)) {
    const byStatus = new Map<string, Declared>();
    for (const [status, resp] of Object.entries(op.responses)) {
      const schema = resp.content?.['application/json']?.schema as { $ref?: string } | undefined;
      const validate = schema?.$ref ? ajv.compile({ $ref: `sumvin-openapi.json${schema.$ref}` }) : null;
      byStatus.set(status, { method: method.toUpperCase(), path, status, validate });
    }
    declared.set(op.operationId, byStatus);
  }
}

let emu: SumvinEmulator;
const seen = new Map<string, Set<string>>();
const failures: string[] = [];
let checked = 0;

async function exercise(operationId: string, expectedStatus: number, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const r = await call(emu, method, path, opts);
  const label = `${operationId} ${method} ${path} → ${r.status}`;
  expect(r.status, label).toBe(expectedStatus);
  const d = declared.get(operationId)?.get(String(r.status));
  expect(d, `${label} is not a declared response`).toBeDefined();
  if (!d) return r;
  expect(d.method).toBe(method);
  checked++;
  if (d.validate) {
    expect(r.headers.get('content-type'), label).toBe('application/json');
    if (!d.validate(r.body)) failures.push(`${label}: ${ajv.errorsText(d.validate.errors)}`);
  } else if (r.text !== '') {
    failures.push(`${label}: expected no body`);
  }
  let s = seen.get(operationId);
  if (!s) seen.set(operationId, (s = new Set()));
  s.add(String(r.status));
  return r;
}

/** Statuses with no natural trigger (e.g. 422 on a GET without query parameters, 429/500) are injected. */
async function injected(operationId: string, status: number, method: string, path: string, opts: CallOptions = {}) {
  const routeKey = `${method} ${path.split('?')[0]!.replace(/^\/v0\/chat\/sessions\/[^/]+/, '/v0/chat/sessions/:session_id')}`;
  emu.controls.setFailure({ status, rate: 1, routes: [routeKey] });
  try {
    await exercise(operationId, status, method, path, opts);
  } finally {
    emu.controls.setFailure(null);
  }
}

const msg = (id: string, text: string) => textMessage(id, 'user', text);
const richMessage = {
  id: 'rich',
  role: 'assistant',
  parts: [
    { type: 'reasoning', text: 'thinking' },
    { type: 'tool-search', toolCallId: 't1', state: 'output-available', input: { q: 'x' }, output: { n: 1 } },
    { type: 'text', text: 'answer' },
  ],
  metadata: { model: 'x' },
  created_at: T0 - 1000,
};

beforeAll(async () => {
  emu = await startSumvinEmulator({ maxAttachmentBytes: 2048, seed: { users: ['seeded'], sessionsPerUser: 3, messagesPerSession: 6 } });
  emu.controls.clock.freeze(T0);
});
afterAll(async () => {
  await emu.close();
});

describe('responses validate against the published OpenAPI', () => {
  it('covers every operation and every declared status', async () => {
    const A = { user: 'alice' };
    const B = { user: 'bob' };

    // createSession
    await exercise('createSession', 201, 'POST', '/v0/chat/sessions', { ...A, json: { id: 'cs-o1', title: 'T', messages: [msg('m1', 'hi'), richMessage] } });
    await exercise('createSession', 201, 'POST', '/v0/chat/sessions', { ...A, json: { id: 'cs-o2', messages: [{ id: 'e', role: 'user', parts: [] }] } });
    await exercise('createSession', 401, 'POST', '/v0/chat/sessions', { json: { id: 'cs-o3', messages: [msg('m', 'x')] } });
    await exercise('createSession', 409, 'POST', '/v0/chat/sessions', { ...B, json: { id: 'cs-o1', messages: [msg('m', 'x')] } });
    await exercise('createSession', 422, 'POST', '/v0/chat/sessions', { ...A, json: { id: '', messages: [] } });
    await exercise('createSession', 422, 'POST', '/v0/chat/sessions', { ...A, raw: '{"id": ' });

    // listSessions
    await exercise('listSessions', 200, 'GET', '/v0/chat/sessions', A);
    await exercise('listSessions', 200, 'GET', '/v0/chat/sessions?expand=messages&limit=1&offset=1', { user: 'seeded' });
    await exercise('listSessions', 200, 'GET', '/v0/chat/sessions?q=answer&expand=messages', A);
    await exercise('listSessions', 401, 'GET', '/v0/chat/sessions', { headers: { 'x-juno-jwt': '' } });
    await exercise('listSessions', 401, 'GET', '/v0/chat/sessions', { ...A, headers: { 'x-juno-orgid': 'bad' } });
    await exercise('listSessions', 422, 'GET', '/v0/chat/sessions?limit=0&offset=x', A);

    // getSession
    await exercise('getSession', 200, 'GET', '/v0/chat/sessions/cs-o1', A);
    await exercise('getSession', 200, 'GET', '/v0/chat/sessions/cs-o1?expand=messages', A);
    await exercise('getSession', 401, 'GET', '/v0/chat/sessions/cs-o1');
    await exercise('getSession', 403, 'GET', '/v0/chat/sessions/cs-o1', B);
    await exercise('getSession', 404, 'GET', '/v0/chat/sessions/cs-missing', A);
    await injected('getSession', 422, 'GET', '/v0/chat/sessions/cs-o1', A);

    // updateSession
    await exercise('updateSession', 200, 'PATCH', '/v0/chat/sessions/cs-o1', { ...A, json: { title: 'Renamed' } });
    await exercise('updateSession', 200, 'PATCH', '/v0/chat/sessions/cs-o1', { ...A, json: { title: null } });
    await exercise('updateSession', 401, 'PATCH', '/v0/chat/sessions/cs-o1', { json: { title: 'x' } });
    await exercise('updateSession', 403, 'PATCH', '/v0/chat/sessions/cs-o1', { ...B, json: { title: 'x' } });
    await exercise('updateSession', 404, 'PATCH', '/v0/chat/sessions/cs-missing', { ...A, json: { title: 'x' } });
    await exercise('updateSession', 422, 'PATCH', '/v0/chat/sessions/cs-o1', { ...A, json: { title: 5 } });

    // listMessages
    await exercise('listMessages', 200, 'GET', '/v0/chat/sessions/cs-o1/messages', A);
    await exercise('listMessages', 200, 'GET', '/v0/chat/sessions/cs-o1/messages?offset=1&limit=1', A);
    await exercise('listMessages', 401, 'GET', '/v0/chat/sessions/cs-o1/messages');
    await exercise('listMessages', 404, 'GET', '/v0/chat/sessions/cs-o1/messages', B);
    await exercise('listMessages', 404, 'GET', '/v0/chat/sessions/cs-missing/messages', A);
    await exercise('listMessages', 422, 'GET', '/v0/chat/sessions/cs-o1/messages?limit=101', A);

    // saveMessages
    await exercise('saveMessages', 200, 'POST', '/v0/chat/sessions/cs-o1/messages', { ...A, json: { messages: [msg('m2', 'more'), msg('m1', 'edited')] } });
    await exercise('saveMessages', 200, 'POST', '/v0/chat/sessions/cs-o1/messages', { ...A, json: { messages: [] } });
    await exercise('saveMessages', 401, 'POST', '/v0/chat/sessions/cs-o1/messages', { json: { messages: [] } });
    await exercise('saveMessages', 404, 'POST', '/v0/chat/sessions/cs-o1/messages', { ...B, json: { messages: [] } });
    await exercise('saveMessages', 422, 'POST', '/v0/chat/sessions/cs-o1/messages', { ...A, json: { messages: [{ id: 'x', role: 'user', parts: [1] }] } });
    await exercise('saveMessages', 422, 'POST', '/v0/chat/sessions/cs-o1/messages', { ...A });

    // uploadChatAttachment
    const file = (content: string, type: string) => {
      const f = new FormData();
      f.append('file', new Blob([content], { type }), 'f.txt');
      return f;
    };
    await exercise('uploadChatAttachment', 201, 'POST', '/v0/chat/attachments?session_id=cs-o1', { ...A, form: file('hello', 'text/plain') });
    await exercise('uploadChatAttachment', 201, 'POST', '/v0/chat/attachments', { headers: { 'x-sumvin-pat': 'alice' }, form: file('hello', 'image/png') });
    await exercise('uploadChatAttachment', 401, 'POST', '/v0/chat/attachments', { form: file('hello', 'text/plain') });
    await exercise('uploadChatAttachment', 413, 'POST', '/v0/chat/attachments', { ...A, form: file('x'.repeat(4096), 'text/plain') });
    await exercise('uploadChatAttachment', 415, 'POST', '/v0/chat/attachments', { ...A, form: file('x', 'application/zip') });
    await exercise('uploadChatAttachment', 422, 'POST', '/v0/chat/attachments', { ...A, form: new FormData() });
    await injected('uploadChatAttachment', 429, 'POST', '/v0/chat/attachments', { ...A, form: file('x', 'text/plain') });
    await injected('uploadChatAttachment', 500, 'POST', '/v0/chat/attachments', { ...A, form: file('x', 'text/plain') });

    // deleteSession (last, it removes the session used above)
    await exercise('deleteSession', 401, 'DELETE', '/v0/chat/sessions/cs-o1');
    await exercise('deleteSession', 403, 'DELETE', '/v0/chat/sessions/cs-o1', B);
    await exercise('deleteSession', 404, 'DELETE', '/v0/chat/sessions/cs-missing', A);
    await injected('deleteSession', 422, 'DELETE', '/v0/chat/sessions/cs-o1', A);
    await exercise('deleteSession', 204, 'DELETE', '/v0/chat/sessions/cs-o1', A);

    expect(failures).toEqual([]);
    expect(checked).toBe(6 * 6 + 8 + 5);
    const missing: string[] = [];
    for (const [op, statuses] of declared) {
      for (const status of statuses.keys()) if (!seen.get(op)?.has(status)) missing.push(`${op} ${status}`);
    }
    expect(missing).toEqual([]);
    expect([...seen.keys()].sort()).toEqual([
      'createSession',
      'deleteSession',
      'getSession',
      'listMessages',
      'listSessions',
      'saveMessages',
      'updateSession',
      'uploadChatAttachment',
    ]);
  });

  it('rejects bodies that break the schema (the validators are live)', () => {
    const problem = declared.get('getSession')!.get('404')!.validate!;
    expect(problem({ type: 'x', title: 'x', status: 404, detail: 'x', instance: '/x', error_code: 'NOT-A-CODE' })).toBe(false);
    const session = declared.get('getSession')!.get('200')!.validate!;
    expect(session({ _links: {}, session: { id: 'x', title: null, preview: null, message_count: 0, created_at: '2025-01-01T00:00:00Z', updated_at: 0 } })).toBe(false);
    expect(session({ _links: {}, session: { id: 'x', title: null, preview: null, message_count: 0, created_at: 0, updated_at: 0 } })).toBe(true);
  });
});
