import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `schema.graphql` is printed from the code (`npm run schema`); this config types the operations
 * under test/operations (used by the tests and shown in the README).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql', 'test/integration/operations/**/*.graphql'],
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/__generated__/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown', JSONObject: 'Record<string, unknown>', File: 'File' },
      },
    },
  },
};

export default config;
