/**
 * Trusted documents: the client preset's `persistedDocuments` manifest, built here from the
 * project's own operations with the project's codegen config, is the allow-list. Listed ids run;
 * an unknown id, and in `require` mode any document sent as text, are refused with a code.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import codegenConfig from '../../codegen.js';
import { loadConfig } from '../../src/config.js';
import { loadTrustedDocuments } from '../../src/server/trusted-documents.js';
import { startStack, type Stack } from '../support/stack.js';

let manifest: Record<string, string>;
let required: Stack;
let allowed: Stack;

/** The manifest the client preset writes next to the typed operations (`persisted-documents.json`). */
async function buildManifest(): Promise<Record<string, string>> {
  const [target, options] = Object.entries(codegenConfig.generates)[0]!;
  const files = await generate(
    {
      ...codegenConfig,
      silent: true,
      generates: { [target]: { ...(options as object), presetConfig: { ...(options as { presetConfig?: object }).presetConfig, persistedDocuments: true } } },
    },
    false,
  );
  const file = (files as Array<{ filename: string; content: string }>).find((f) => f.filename.endsWith('persisted-documents.json'));
  if (!file) throw new Error('codegen wrote no persisted-documents.json');
  return JSON.parse(file.content) as Record<string, string>;
}

beforeAll(async () => {
  manifest = await buildManifest();
  required = await startStack({ app: { trustedDocuments: { mode: 'require', documents: manifest } } });
  allowed = await startStack({ app: { trustedDocuments: { mode: 'allow', documents: manifest } } });
}, 120_000);
afterAll(async () => {
  await required?.close();
  await allowed?.close();
});

const idOf = (operationName: string) => {
  const entry = Object.entries(manifest).find(([, doc]) => new RegExp(`\\b(query|mutation|subscription) ${operationName}\\b`).test(doc));
  if (!entry) throw new Error(`${operationName} is not in the manifest`);
  return entry[0];
};

async function post(stack: Stack, body: Record<string, unknown>) {
  const res = await stack.app.fetch('http://facade.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token('alice')}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: Record<string, unknown>; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

describe('the manifest', () => {
  it('holds every operation of the project, by hash', () => {
    expect(Object.keys(manifest).length).toBeGreaterThanOrEqual(5);
    for (const id of Object.keys(manifest)) expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(idOf('MySessions')).toBeTruthy();
  });

  it('is what TRUSTED_DOCUMENTS_FILE loads', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'trusted-')), 'persisted-documents.json');
    writeFileSync(file, JSON.stringify(manifest));
    expect(loadTrustedDocuments(file)).toEqual(manifest);
    expect(loadConfig({ TRUSTED_DOCUMENTS: 'require', TRUSTED_DOCUMENTS_FILE: file }).trustedDocuments).toEqual({ mode: 'require', file });
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: 'require' })).toThrowError(/TRUSTED_DOCUMENTS_FILE/);
    writeFileSync(file, '["not", "a", "manifest"]');
    expect(() => loadTrustedDocuments(file)).toThrowError(/not a persisted documents manifest/);
  });
});

describe('TRUSTED_DOCUMENTS=require', () => {
  it('runs a listed document by its id', async () => {
    const res = await post(required, { documentId: idOf('MySessions') });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toHaveProperty('sessions.edges');
  });

  it('also takes the id as extensions.persistedQuery.sha256Hash', async () => {
    const res = await post(required, { extensions: { persistedQuery: { version: 1, sha256Hash: idOf('MySessions') } } });
    expect(res.body.data).toHaveProperty('sessions.edges');
  });

  it('refuses an unknown id', async () => {
    required.resetCalls();
    const res = await post(required, { documentId: `sha256:${'f'.repeat(64)}` });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      { message: expect.stringMatching(/not on the list of trusted documents/) as unknown, extensions: { code: 'BAD_USER_INPUT', retryable: false, reason: 'PERSISTED_QUERY_NOT_FOUND' } },
    ]);
    expect(required.calls().total).toBe(0);
  });

  it('refuses a document sent as text, even one that is on the list', async () => {
    required.resetCalls();
    for (const query of ['{ sessions(first: 1) { totalCount } }', manifest[idOf('MySessions')]!]) {
      const res = await post(required, { query });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { message: expect.stringMatching(/Only trusted documents/) as unknown, extensions: { code: 'BAD_USER_INPUT', retryable: false, reason: 'PERSISTED_QUERY_ONLY' } },
      ]);
    }
    expect(required.calls().total).toBe(0);
  });
});

describe('TRUSTED_DOCUMENTS=allow', () => {
  it('runs listed ids and other documents, and refuses unknown ids', async () => {
    expect((await post(allowed, { documentId: idOf('MySessions') })).body.data).toHaveProperty('sessions.edges');
    expect((await post(allowed, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    expect((await post(allowed, { documentId: `sha256:${'f'.repeat(64)}` })).body.errors?.[0]?.extensions).toMatchObject({ reason: 'PERSISTED_QUERY_NOT_FOUND' });
  });
});
