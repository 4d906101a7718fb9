import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useMultipartBodyLimit } from '../../../src/server/multipart-limit.js';

const LIMIT = 400;
const yoga = createYoga({
  schema: createSchema({ typeDefs: 'type Query { echo(text: String!): String! }', resolvers: { Query: { echo: (_: unknown, a: { text: string }) => a.text } } }),
  maxRequestBodySize: false,
  plugins: [useMultipartBodyLimit(LIMIT)],
  logging: false,
});

async function multipart(text: string): Promise<Response> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: 'query($t: String!) { echo(text: $t) }', variables: { t: text } }));
  form.append('map', '{}');
  return yoga.fetch('http://localhost/graphql', { method: 'POST', body: form, headers: { 'x-graphql-yoga-csrf': '1' } });
}

describe('the multipart body cap (yoga without its own body limit)', () => {
  it('parses a multipart body within the cap', async () => {
    const res = await multipart('small');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { echo: 'small' } });
  });

  it('refuses a multipart body over the cap, as yoga refuses a body over its own limit (400, no data)', async () => {
    const res = await multipart('x'.repeat(LIMIT));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { data?: unknown; errors: Array<{ message: string }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.message).toContain(`Request body is larger than ${LIMIT} bytes.`);
  });

  it('leaves JSON bodies to the HTTP server: a JSON body over the multipart cap is parsed', async () => {
    const text = 'y'.repeat(LIMIT * 2);
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query($t: String!) { echo(text: $t) }', variables: { t: text } }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { echo: text } });
  });
});
