import type { ZodType } from 'zod';
import type { BodyExpectation, CallSpec, HttpMethod, HttpVerbs, RequestSpec, Verb } from './types.js';

/** Sends one request: the parsed JSON body with a schema, nothing without one. */
export type Send = <T>(spec: RequestSpec, expect: BodyExpectation<T>) => Promise<T>;

/** `get/post/patch/delete` over `send`, adding `fixed` headers (e.g. one caller's credentials) to every call. */
export function verbs(send: Send, fixed?: Readonly<Record<string, string | undefined>>): HttpVerbs {
  const verb = (method: HttpMethod): Verb =>
    ((template: string, call: CallSpec & { schema?: ZodType<unknown> } = {}) => {
      const spec: RequestSpec = { ...call, method, template, ...(fixed ? { headers: { ...call.headers, ...fixed } } : {}) };
      return call.schema ? send(spec, { schema: call.schema }) : send(spec, { schema: null }).then(() => undefined);
    }) as Verb;
  return { get: verb('GET'), post: verb('POST'), patch: verb('PATCH'), delete: verb('DELETE') };
}
