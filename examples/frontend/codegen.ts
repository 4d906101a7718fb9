// codegen.ts: typed operations for a frontend (npm i -D @graphql-codegen/cli @graphql-codegen/client-preset)
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // the schema file from this repository, or the dev server itself (introspection is on outside production):
  // schema: { 'http://127.0.0.1:4000/graphql': { headers: { Authorization: `Bearer ${process.env.TOKEN}` } } },
  schema: 'schema.graphql',
  documents: ['examples/frontend/operations.ts'],
  emitLegacyCommonJSImports: false, // imports with .js, for NodeNext / ESM
  generates: {
    'examples/frontend/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // without these, the custom scalars come out as `unknown`
        scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>', File: 'File' },
      },
    },
  },
};

export default config;
