import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import type { Context } from '../context/context.js';
import { InputError } from '../errors/classes.js';

/** Global ids: base64url of `<Type>:<local id>`; anything else is refused as BAD_USER_INPUT. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64url');
}

export const MAX_NODES = 100;

/** How each node type is fetched by its local id; filled in by the type files. */
export const nodeLoaders = new Map<string, (id: string, ctx: Context) => Promise<unknown>>();

function loadNode(ref: { typename: string; id: string }, ctx: Context): Promise<unknown> {
  const load = nodeLoaders.get(ref.typename);
  if (!load) throw new InputError('id', 'not a valid global id');
  return load(ref.id, ctx);
}

/** The types that can be fetched by global id. */
export const NODE_TYPES = new Set(['ChatSession', 'AgentSession', 'Message']);

export function decodeGlobalId(globalId: string, field = 'id'): { typename: string; id: string } {
  if (globalId.length === 0 || globalId.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(globalId)) {
    throw new InputError(field, 'not a valid global id');
  }
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  if (colon <= 0 || !NODE_TYPES.has(typename) || colon === text.length - 1) {
    throw new InputError(field, 'not a valid global id');
  }
  return { typename, id: text.slice(colon + 1) };
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date | number | string };
    JSON: { Input: unknown; Output: unknown };
    JSONObject: { Input: Record<string, unknown>; Output: Record<string, unknown> };
    File: { Input: File; Output: never };
  };
  Connection: { totalCount: number | null };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  plugins: [RelayPlugin],
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: encodeGlobalId,
    decodeGlobalID: (id: string) => decodeGlobalId(id),
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    pageInfoTypeOptions: { description: 'Where a page sits in its connection (Relay cursor connections).' },
    nodeQueryOptions: {
      description: 'Fetches any object by its global id. Unknown or foreign ids give NOT_FOUND.',
      resolve: (_root, { id }, ctx) => loadNode(id, ctx) as never,
    },
    nodesQueryOptions: {
      description: `Fetches up to ${MAX_NODES} objects by global id, in the order asked.`,
      // One item per id: an unknown or foreign id is null with its own error at ['nodes', i];
      // the loaders still batch the lookups, since all items start in the same tick.
      resolve: (_root, { ids }, ctx) => {
        if (ids.length > MAX_NODES) throw new InputError('ids', `at most ${MAX_NODES} ids`);
        return ids.map((id) => loadNode(id, ctx)) as never;
      },
    },
  },
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    nullable: true,
    description: 'How many items the whole list has, where the upstream knows it; null otherwise.',
    resolve: (parent) => parent.totalCount,
  }),
);
