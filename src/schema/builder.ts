import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context/context.js';
import { MAX_NODES, decodeGlobalId, encodeGlobalId, loadNode, loadNodes } from './node.js';

/**
 * The schema's defaults and root types. Output fields are non-null and input fields required
 * unless they say `nullable: true` or `required: false`; lists, edges and nodes are non-null too.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number | string };
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
    File: { Input: File; Output: never };
  };
  Connection: { totalCount: number | null };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  plugins: [RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (id: string) => decodeGlobalId(id),
    // a mutation that fails answers null with its error
    relayMutationFieldOptions: { nullable: true },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection (Relay cursor connections).' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global id. Unknown or foreign ids give NOT_FOUND.',
      resolve: (_root, { id }, ctx, info) => loadNode(id, ctx, info) as never,
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_NODES} objects by global id, in the order asked.`,
      resolve: (_root, { ids }, ctx, info) => loadNodes(ids, ctx, info) as never,
    },
  },
});

/** The builder's full type parameters, for helpers that take a field builder. */
export type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

builder.queryType({ description: 'Read the caller’s sessions and messages on both providers.' });

builder.mutationType({
  description: 'Every write of both upstreams. Inputs are validated before any upstream call; writes are never retried.',
});

builder.subscriptionType({
  description:
    'Streams over Server-Sent Events (GraphQL over SSE): send the operation with `Accept: text/event-stream`.',
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description: 'How many items the whole list has, where the upstream knows it; null otherwise.',
    resolve: (parent) => parent.totalCount,
  }),
);
