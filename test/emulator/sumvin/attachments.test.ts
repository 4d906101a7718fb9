import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSumvinEmulator, type SumvinEmulator } from '../../../src/emulator/sumvin/index.js';
import { call, problemOf, T0, textMessage } from './helpers.js';

let emu: SumvinEmulator;
const LIMIT = 1024;

beforeAll(async () => {
  emu = await startSumvinEmulator({ maxAttachmentBytes: LIMIT });
});
afterAll(async () => {
  await emu.close();
});
beforeEach(async () => {
  emu.reset();
  emu.controls.clock.freeze(T0);
  await call(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-att', messages: [textMessage('m', 'user', 'x')] } });
});

function form(content: BlobPart, type: string, filename = 'note.txt', field = 'file') {
  const f = new FormData();
  f.append(field, new Blob([content], { type }), filename);
  return f;
}

const upload = (f: FormData, query = '', user: string | null = 'alice') =>
  call(emu, 'POST', `/v0/chat/attachments${query}`, { ...(user !== null ? { user } : {}), form: f });

describe('POST /v0/chat/attachments', () => {
  it('stores the file and serves it back from the returned url', async () => {
    const r = await upload(form('hello, world', 'text/plain; charset=utf-8', 'greeting notes.txt'), '?session_id=cs-att');
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ filename: 'greeting notes.txt', media_type: 'text/plain' });
    expect(r.body.url).toMatch(new RegExp(`^${emu.url}/files/att-[0-9a-f-]{36}/greeting%20notes\\.txt$`));
    expect(r.body._links).toEqual({ self: { href: r.body.url, method: 'GET' } });
    const file = await fetch(r.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/plain');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await file.text()).toBe('hello, world');
  });

  it('accepts images and PDFs, keeping the bytes exact', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    const img = await upload(form(png, 'image/png', 'dot.png'));
    expect(img.status).toBe(201);
    expect(img.body.media_type).toBe('image/png');
    expect(new Uint8Array(await (await fetch(img.body.url)).arrayBuffer())).toEqual(png);
    const pdf = await upload(form('%PDF-1.4', 'application/pdf', 'a.pdf'));
    expect(pdf.body.media_type).toBe('application/pdf');
  });

  it('refuses other media types with 415 CHA-415-001', async () => {
    for (const type of ['application/zip', 'video/mp4', '']) {
      const r = await upload(form('PK', type, 'x.bin'));
      expect(r.status, type).toBe(415);
      expect(r.body).toMatchObject(problemOf('CHA-415-001', 415, '/v0/chat/attachments'));
    }
  });

  it('refuses files over the limit with 413 CHA-413-001 and accepts exactly the limit', async () => {
    const exact = await upload(form('a'.repeat(LIMIT), 'text/plain'));
    expect(exact.status).toBe(201);
    const over = await upload(form('a'.repeat(LIMIT + 1), 'text/plain'));
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject(problemOf('CHA-413-001', 413, '/v0/chat/attachments'));
    const huge = await upload(form('a'.repeat(LIMIT + 200 * 1024), 'text/plain'));
    expect(huge.status).toBe(413);
    expect(huge.body.error_code).toBe('CHA-413-001');
  });

  it('answers 422 with loc ["body","file"] when the file field is missing or not a file', async () => {
    const none = await upload(form('x', 'text/plain', 'a.txt', 'document'));
    expect(none.status).toBe(422);
    expect(none.body).toEqual({ detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }] });
    const text = new FormData();
    text.append('file', 'just a string');
    const notFile = await upload(text);
    expect(notFile.status).toBe(422);
    expect(notFile.body.detail[0]).toMatchObject({ type: 'value_error', loc: ['body', 'file'] });
    const json = await call(emu, 'POST', '/v0/chat/attachments', { user: 'alice', json: { file: 'x' } });
    expect(json.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'file'] });
  });

  it('answers 404 CHT-404-001 for an unknown or foreign session_id', async () => {
    const unknown = await upload(form('x', 'text/plain'), '?session_id=cs-none');
    expect(unknown.body).toMatchObject(problemOf('CHT-404-001', 404, '/v0/chat/attachments'));
    const foreign = await upload(form('x', 'text/plain'), '?session_id=cs-att', 'bob');
    expect(foreign.status).toBe(404);
  });

  it('answers 401 without credentials', async () => {
    const r = await upload(form('x', 'text/plain'), '', null);
    expect(r.status).toBe(401);
    expect(r.body.error_code).toBe('USR-401-001');
  });
});
