import { requireCaller, sumvinCallerOf } from '../../context/context.js';
import { checkAttachment } from '../../domain/chat-attachment-input.js';
import { CHAT_LIMITS } from '../../domain/chat-limits.js';
import { InputError } from '../../errors/classes.js';
import { apiError } from '../../errors/graphql.js';
import { builder } from '../builder.js';
import { chatSessionIdOf } from './chat-session-id.js';
import { RETRY_NOTE } from './chat-retry-note.js';

const badFile = (message: string) => apiError('BAD_USER_INPUT', message);

const isFile = (v: unknown): v is File =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as File).arrayBuffer === 'function' &&
  typeof (v as File).size === 'number' &&
  typeof (v as File).type === 'string' &&
  typeof (v as File).name === 'string';

builder.scalarType('File', {
  description:
    'A file sent with the GraphQL multipart request spec (`multipart/form-data` with `operations`, `map` and the ' +
    'file; the request needs the `x-graphql-yoga-csrf` header). Input only.',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (v) => {
    if (!isFile(v)) throw badFile('File must be a file sent as a part of a multipart request');
    return v;
  },
  parseLiteral: () => {
    throw badFile('File cannot be written in the query; send it as a part of a multipart request');
  },
});

builder.relayMutationField(
  'uploadChatAttachment',
  {
    description: 'A file to upload, sent with the GraphQL multipart request spec.',
    inputFields: (t) => ({
      file: t.field({
        type: 'File',
        description:
          'At most 10 MiB; image/*, application/pdf or text/*; a file name of 1..255 characters without path ' +
          'separators or control characters.',
      }),
      sessionId: t.id({ required: false, description: 'The global id of a `ChatSession` to tie the file to.' }),
    }),
  },
  {
    description:
      'Uploads a chat attachment to Sumvin and returns its public URL; put it in a message as a `file` part ' +
      '(`{ file: { url, mediaType, filename } }`). Size, type and name are checked before the upload. ' +
      `${RETRY_NOTE}; repeating may store a second copy.`,
    resolve: async (_root, { input }, ctx) => {
      const caller = requireCaller(ctx);
      const { mediaType, filename } = checkAttachment(input.file, 'input.file');
      const sessionId = input.sessionId == null ? undefined : chatSessionIdOf(input.sessionId, 'input.sessionId');
      const data = new Uint8Array(await input.file.arrayBuffer());
      if (data.byteLength > CHAT_LIMITS.maxAttachmentBytes) {
        throw new InputError('input.file', `the file is larger than ${CHAT_LIMITS.maxAttachmentBytes} bytes (10 MiB)`);
      }
      return ctx.clients.sumvin.uploadAttachment(
        sumvinCallerOf(caller),
        { data, filename, mediaType, sessionId },
        ctx.signal,
      );
    },
  },
  {
    description: 'The stored file.',
    outputFields: (t) => ({
      url: t.string({ description: 'Public URL of the stored file.', resolve: (a) => a.url }),
      filename: t.string({ resolve: (a) => a.filename }),
      mediaType: t.string({ resolve: (a) => a.mediaType }),
    }),
  },
);
