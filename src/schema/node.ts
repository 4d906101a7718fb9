import { brandWithType, type OutputType, type SchemaTypes } from '@pothos/core';
import { z } from 'zod';
import type { Context } from '../context/context.js';
import { InputError, NotFoundError } from '../errors/classes.js';
import { fromElizaMessage, fromSumvinMessage, type MessageNode } from '../domain/messages.js';
import { loadChatSession, prefetchAgentWindows, type PlanInfo } from './chat-plan.js';

/*
 * Fetching objects by global id: the id format, one loader per node type, and the `node` and
 * `nodes` resolvers. Every object loaded here is branded with its GraphQL type, so the `Node` and
 * `Session` interfaces know the type without looking at the object's fields.
 */

/** Global ids: base64url of `<Type>:<local id>`; anything else is refused as BAD_USER_INPUT. */
export function encodeGlobalId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${String(id)}`, 'utf8').toString('base64url');
}

/** The local part of a message's global id: provider, session, message, and for Eliza its time. */
const localId = z.union([
  z.tuple([z.literal('s'), z.string().min(1), z.string().min(1)]),
  z.tuple([z.literal('e'), z.string().min(1), z.string().min(1), z.number().int().min(0)]),
]);

export function messageLocalId(m: MessageNode): string {
  return JSON.stringify(m.provider === 'sumvin' ? ['s', m.sessionId, m.messageId] : ['e', m.sessionId, m.messageId, m.createdAt]);
}

/** Finds one message by its local id with one upstream call (none when the session is cached). */
export async function loadMessage(id: string, ctx: Context): Promise<MessageNode> {
  let parsed: z.infer<typeof localId>;
  try {
    parsed = localId.parse(JSON.parse(id));
  } catch {
    throw new InputError('id', 'not a valid global id');
  }
  if (parsed[0] === 's') {
    const [, sessionId, messageId] = parsed;
    const session = await ctx.loaders.sumvin.sessionWithMessages.load(sessionId);
    const hit = session.messages?.all().find((m) => m.messageId === messageId);
    if (!hit) throw new NotFoundError('sumvin', 'message');
    return fromSumvinMessage(hit);
  }
  const [, sessionId, messageId, createdAt] = parsed;
  await ctx.loaders.eliza.session.load(sessionId);
  const page = await ctx.loaders.eliza.messages.load({ sessionId, limit: 20, before: createdAt + 1 });
  const hit = page.messages.find((m) => m.id === messageId);
  if (!hit) throw new NotFoundError('eliza', 'message');
  return fromElizaMessage(hit);
}

/** How each node type is fetched by its local id; its keys are the types a global id may name. */
const nodeLoaders = {
  ChatSession: (id: string, ctx: Context) => ctx.loaders.sumvin.session.load(id),
  AgentSession: (id: string, ctx: Context) => ctx.loaders.eliza.session.load(id),
  Message: loadMessage,
} satisfies Record<string, (id: string, ctx: Context) => Promise<object>>;

export type NodeType = keyof typeof nodeLoaders;

const isNodeType = (typename: string): typename is NodeType => Object.hasOwn(nodeLoaders, typename);

export function decodeGlobalId(globalId: string, field = 'id'): { typename: NodeType; id: string } {
  if (globalId.length === 0 || globalId.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(globalId)) {
    throw new InputError(field, 'not a valid global id');
  }
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  if (colon <= 0 || !isNodeType(typename) || colon === text.length - 1) {
    throw new InputError(field, 'not a valid global id');
  }
  return { typename, id: text.slice(colon + 1) };
}

/** Tags an object with its GraphQL type, which is how the interfaces resolve it. */
export function tagged<T>(typename: NodeType, value: T): T {
  // a type's name is a valid brand; Pothos's generic types only know refs
  brandWithType(value, typename as OutputType<SchemaTypes>);
  return value;
}

type Loaded<K extends NodeType> = Awaited<ReturnType<(typeof nodeLoaders)[K]>>;

/** Loads one object of a known node type by its local id, tagged with that type. */
export async function loadNodeOf<K extends NodeType>(typename: K, id: string, ctx: Context): Promise<Loaded<K>> {
  return tagged(typename, (await nodeLoaders[typename](id, ctx)) as Loaded<K>);
}

export const MAX_NODES = 100;

/**
 * `node(id:)`: an unknown or foreign id gives NOT_FOUND. With the resolver's `info`, a chat
 * session is read as its selection needs (see chat-plan.ts).
 */
export async function loadNode(ref: { typename: string; id: string }, ctx: Context, info?: PlanInfo): Promise<object> {
  if (!isNodeType(ref.typename)) throw new InputError('id', 'not a valid global id');
  if (ref.typename === 'ChatSession' && info) return tagged('ChatSession', await loadChatSession(ref.id, ctx, info));
  if (ref.typename === 'AgentSession' && info) prefetchAgentWindows(ref.id, ctx, info);
  return loadNodeOf(ref.typename, ref.id, ctx);
}

/**
 * `nodes(ids:)`: one item per id, so an unknown or foreign id is null with its own error at
 * ['nodes', i]; the loaders still batch the lookups, since all items start in the same tick.
 */
export function loadNodes(refs: ReadonlyArray<{ typename: string; id: string }>, ctx: Context, info?: PlanInfo): Array<Promise<object>> {
  if (refs.length > MAX_NODES) throw new InputError('ids', `at most ${MAX_NODES} ids`);
  return refs.map((ref) => loadNode(ref, ctx, info));
}
