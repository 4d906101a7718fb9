import { randomUUID } from 'node:crypto';
import type { Clock } from '../controls.js';
import { BodyTooLargeError, type EmuRequest, type Route } from '../http.js';
import type { Authenticator } from './auth.js';
import { HttpAnswer, problem, validationResponse } from './errors.js';
import { operation, requireCaller, shortId } from './pipeline.js';
import { link } from './present.js';
import type { SumvinStore } from './store.js';

/**
 * POST /v0/chat/attachments (multipart field `file`) and the public file URLs it hands out,
 * `GET /files/:file_id/:filename`, served by the emulator itself.
 */

export const DEFAULT_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** Room for multipart boundaries and part headers on top of the file itself. */
const MULTIPART_OVERHEAD = 64 * 1024;

export interface AttachmentDeps {
  store: SumvinStore;
  auth: Authenticator;
  clock: Clock;
  maxAttachmentBytes: number;
  baseUrl: () => string;
  newFileId?: () => string;
}

export function isAllowedMediaType(mediaType: string): boolean {
  return mediaType.startsWith('image/') || mediaType === 'application/pdf' || mediaType.startsWith('text/');
}

function normaliseMediaType(t: string): string {
  const base = t.split(';')[0]!.trim().toLowerCase();
  return base === '' ? 'application/octet-stream' : base;
}

export function fileUrl(base: string, id: string, filename: string): string {
  return `${base}/files/${encodeURIComponent(id)}/${encodeURIComponent(filename === '' ? 'file' : filename)}`;
}

async function readForm(req: EmuRequest, limit: number): Promise<FormData | null> {
  let bytes: Buffer;
  try {
    bytes = await req.bodyBytes(limit);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return null;
    throw err;
  }
  const ct = req.headers['content-type'];
  if (typeof ct !== 'string' || !/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(ct)) {
    return new FormData();
  }
  try {
    return await new Request('http://emulator.invalid/upload', {
      method: 'POST',
      headers: { 'content-type': ct },
      body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Uint8Array<ArrayBuffer>,
    }).formData();
  } catch {
    throw new HttpAnswer(problem(req, 'CHT-400-001', 'There was an error parsing the body'));
  }
}

export function attachmentRoutes(deps: AttachmentDeps): Route[] {
  const newFileId = deps.newFileId ?? (() => `att-${randomUUID()}`);
  const tooLarge = (req: EmuRequest) =>
    new HttpAnswer(problem(req, 'CHA-413-001', `Attachment exceeds the limit of ${deps.maxAttachmentBytes} bytes`));

  const upload = operation(async (req) => {
    const form = await readForm(req, deps.maxAttachmentBytes + MULTIPART_OVERHEAD);
    if (form === null) throw tooLarge(req);
    const userId = await requireCaller(req, deps.auth, true);
    const entries = form.getAll('file');
    const file = entries[entries.length - 1];
    if (file === undefined) {
      return validationResponse([{ type: 'missing', loc: ['body', 'file'], msg: 'Field required', input: null }]);
    }
    if (typeof file === 'string') {
      return validationResponse([
        {
          type: 'value_error',
          loc: ['body', 'file'],
          msg: "Value error, Expected UploadFile, received: <class 'str'>",
          input: file,
          ctx: { error: {} },
        },
      ]);
    }
    const sessionId = req.query.getAll('session_id').at(-1);
    if (sessionId !== undefined && deps.store.lookup(userId, sessionId).kind !== 'ok') {
      throw new HttpAnswer(problem(req, 'CHT-404-001', `No chat session found with ID ${shortId(sessionId)}`));
    }
    if (file.size > deps.maxAttachmentBytes) throw tooLarge(req);
    const mediaType = normaliseMediaType(file.type);
    if (!isAllowedMediaType(mediaType)) {
      throw new HttpAnswer(
        problem(req, 'CHA-415-001', `Media type ${mediaType} is not allowed; use image/*, application/pdf or text/*`),
      );
    }
    const id = newFileId();
    const bytes = Buffer.from(await file.arrayBuffer());
    deps.store.files.set(id, {
      id,
      owner: userId,
      sessionId: sessionId ?? null,
      filename: file.name,
      mediaType,
      bytes,
      createdAt: deps.clock.now(),
    });
    const url = fileUrl(deps.baseUrl(), id, file.name);
    return {
      status: 201,
      json: { _links: { self: link(url) }, url, filename: file.name, media_type: mediaType },
    };
  });

  const download = operation((req) => {
    const f = deps.store.files.get(req.params['file_id'] ?? '');
    if (!f) return { status: 404, json: { detail: 'Not Found' } };
    return {
      status: 200,
      body: f.bytes,
      headers: {
        'content-type': f.mediaType,
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=3600',
      },
    };
  });

  return [
    { method: 'POST', pattern: '/v0/chat/attachments', handler: upload },
    { method: 'GET', pattern: '/files/:file_id/:filename', handler: download },
  ];
}
