import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * A byte cap on multipart request bodies (attachment uploads) while yoga parses them; JSON and
 * other bodies are capped by the HTTP server before yoga sees them (`createHttpServer`), so yoga's
 * own body limit, which passes every body through a transform stream, is turned off
 * (`maxRequestBodySize: false`): that stream was about a tenth of the facade's CPU per simple
 * query. Multipart bodies keep going through one, as yoga's limit does: the form parser reads
 * each part's declared `Content-Type` from the rewrapped request (an untyped upload is
 * `application/octet-stream`), and the cap still holds where yoga is called without the HTTP
 * server (`app.fetch`).
 */
export function useMultipartBodyLimit(limitBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!request.body || !requestParser) return;
      if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/')) return;
      const parse = requestParser;
      setRequestParser((req) => parse(capped(req, limitBytes, fetchAPI)));
    },
  };
}

function capped(request: Request, limitBytes: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // a native stream needs the native TransformStream (yoga does the same)
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let read = 0;
  const limited = body.pipeThrough(
    new Transform({
      transform(chunk: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>) {
        read += chunk.byteLength;
        if (read > limitBytes) {
          controller.error(
            new GraphQLError(`Request body is larger than ${limitBytes} bytes.`, {
              extensions: { code: 'BAD_USER_INPUT', retryable: false, http: { status: 413 } },
            }),
          );
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: 'half' } as RequestInit);
}
