import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';

/**
 * `off`: any document runs. `allow`: listed ids run, and so do other documents. `require` (the
 * production recommendation): only listed ids run; any other document is refused.
 */
export type TrustedDocumentsMode = 'off' | 'allow' | 'require';

export interface TrustedDocuments {
  mode: Exclude<TrustedDocumentsMode, 'off'>;
  /** Document id (hash) → document text: the client preset's `persisted-documents.json`. */
  documents: Readonly<Record<string, string>>;
}

const manifestSchema = z.record(z.string().min(1).max(200), z.string().min(1));

/** Reads a `persisted-documents.json` manifest; throws naming the file when it is not one. */
export function loadTrustedDocuments(path: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the trusted documents manifest ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path} is not a persisted documents manifest (an object of id → document)`);
  return parsed.data;
}

/**
 * The allow-list: requests name a document by `documentId` (or the APQ-style
 * `extensions.persistedQuery.sha256Hash`); an unknown id is refused as PERSISTED_QUERY_NOT_FOUND,
 * and in `require` mode a request with its own document as PERSISTED_QUERY_ONLY (both under
 * `BAD_USER_INPUT`, the tool's code in `reason`).
 */
export function useTrustedDocuments(trusted: TrustedDocuments): Plugin {
  const documents = new Map(Object.entries(trusted.documents));
  return usePersistedOperations({
    allowArbitraryOperations: trusted.mode === 'allow',
    getPersistedOperation: (id) => documents.get(id) ?? null,
    extractPersistedOperationId: (params) => {
      const p = params as { documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };
      const id = p.documentId ?? p.extensions?.persistedQuery?.sha256Hash;
      return typeof id === 'string' ? id : null;
    },
    customErrors: {
      notFound: { message: 'Unknown document id: this operation is not on the list of trusted documents.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } } },
      persistedQueryOnly: { message: 'Only trusted documents are accepted: send a documentId instead of a query.', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
      keyNotFound: { message: 'The request names no document id.', extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } },
    },
  }) as Plugin;
}
