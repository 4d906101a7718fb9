import { InputError } from '../errors/classes.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null | undefined;
  last?: number | null | undefined;
  after?: string | null | undefined;
  before?: string | null | undefined;
}

/** Which end of the list a page is counted from, with cursors still undecoded. */
export type PageRequest<C> =
  | { direction: 'forward'; size: number; after: C | null; before: C | null }
  | { direction: 'backward'; size: number; after: C | null; before: C | null };

/**
 * Validates Relay arguments: `first` and `last` together are refused (the spec discourages it and
 * its meaning is easy to misread), sizes must be 0..100, cursors must decode for this connection.
 * With neither size, the first 20 are returned.
 */
export function parseConnectionArgs<C>(
  args: ConnectionArgs,
  decodeCursor: (cursor: string, field: 'after' | 'before') => C,
): PageRequest<C> {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new InputError('first', 'use either first (with after) or last (with before), not both');
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (value == null) continue;
    if (!Number.isInteger(value) || value < 0) throw new InputError(name, 'must be a non-negative integer');
    if (value > MAX_PAGE_SIZE) throw new InputError(name, `must be at most ${MAX_PAGE_SIZE}`);
  }
  const after = args.after != null ? decodeCursor(args.after, 'after') : null;
  const before = args.before != null ? decodeCursor(args.before, 'before') : null;
  if (last != null) return { direction: 'backward', size: last, after, before };
  return { direction: 'forward', size: first ?? DEFAULT_PAGE_SIZE, after, before };
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number | null;
}

export function connectionOf<T>(
  edges: Edge<T>[],
  flags: { hasNextPage: boolean; hasPreviousPage: boolean },
  totalCount: number | null,
): Connection<T> {
  return {
    edges,
    pageInfo: {
      ...flags,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount,
  };
}
