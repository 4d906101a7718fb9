/**
 * The official TypeScript client `@elizaos/api-client` 1.7.2 (installed in test/eliza-real) used as
 * a third-party client of an Eliza Sessions API target. Its typings promise `Date` fields and a
 * camelCase `userMessage`; at runtime it returns the parsed JSON untouched, and for bodies that carry
 * a `success` key it returns `body.data`, which the 1.7.2 server never sends (so `sendMessage` and
 * `deleteSession` resolve to `undefined`). The checks below pin that runtime behaviour.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { ELIZA_REAL_DIR, assertRealElizaInstalled } from '../support/eliza-real.js';
import { norm } from './eliza-cases.js';

/** The part of the client's surface used here, as declared in its dist typings. */
export interface ApiClientError extends Error {
  code: string;
  details?: string;
  status?: number;
}

type Meta = Record<string, string | number | boolean | undefined>;

export interface SessionsServiceLike {
  checkHealth(): Promise<unknown>;
  createSession(params: { agentId: string; userId: string; metadata?: Meta }): Promise<unknown>;
  getSession(sessionId: string): Promise<unknown>;
  sendMessage(sessionId: string, params: { content: string; metadata?: Meta; transport?: 'http' | 'sse' | 'websocket' }): Promise<unknown>;
  sendMessageSync(sessionId: string, params: { content: string; metadata?: Meta }): Promise<unknown>;
  getMessages(
    sessionId: string,
    params?: { limit?: number; before?: Date | string | number; after?: Date | string | number },
  ): Promise<unknown>;
  deleteSession(sessionId: string): Promise<unknown>;
  listSessions(): Promise<unknown>;
}

export interface ApiClientModule {
  ElizaClient: { create(config: { baseUrl: string; apiKey?: string; timeout?: number }): { sessions: SessionsServiceLike } };
  ApiError: abstract new (...args: never[]) => ApiClientError;
}

/** Loads `@elizaos/api-client` from test/eliza-real/node_modules (not a dependency of the main package). */
export async function loadApiClient(): Promise<ApiClientModule> {
  assertRealElizaInstalled();
  const requireFromEliza = createRequire(join(ELIZA_REAL_DIR, 'package.json'));
  const entry = requireFromEliza.resolve('@elizaos/api-client');
  return (await import(pathToFileURL(entry).href)) as ApiClientModule;
}

export interface ApiClientTarget {
  baseUrl: string;
  agentId: string;
  /** The target must require this key. */
  apiKey: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function rejection(p: Promise<unknown>): Promise<{ name: string; code: string; status: number | undefined; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as ApiClientError;
    return { name: e.name, code: e.code, status: e.status, message: e.message };
  }
  throw new Error('expected the call to fail');
}

function rec(v: unknown): Record<string, any> {
  expect(v !== null && typeof v === 'object', `expected an object, got ${JSON.stringify(v)}`).toBe(true);
  return v as Record<string, any>;
}

/** Runs the client through a session's life against `target`; returns normalised results. */
export async function runApiClientScenario(mod: ApiClientModule, target: ApiClientTarget): Promise<unknown> {
  const client = mod.ElizaClient.create({ baseUrl: target.baseUrl, apiKey: target.apiKey, timeout: 15_000 });
  const keyless = mod.ElizaClient.create({ baseUrl: target.baseUrl, timeout: 15_000 });
  const s = client.sessions;
  const userId = randomUUID();

  const health = rec(await s.checkHealth());
  expect(typeof health.activeSessions).toBe('number');

  const created = rec(await s.createSession({ agentId: target.agentId, userId, metadata: { platform: 'api-client', username: 'bob' } }));
  const sessionId = String(created.sessionId);
  const names: Record<string, string> = {
    [target.agentId]: '<agent>',
    [userId]: '<user>',
    [sessionId]: '<session>',
    [String(created.channelId)]: '<channel>',
  };

  const info = rec(await s.getSession(sessionId));
  const list = rec(await s.listSessions());
  const listed = (list.sessions as Record<string, any>[]).find((x) => x.sessionId === sessionId);

  // default transport: the client unwraps a `data` field that is not there
  const sent = await s.sendMessage(sessionId, { content: 'hello from the client', metadata: { source: 'api-client' } });
  let history = rec(await s.getMessages(sessionId));
  for (let i = 0; i < 100 && (history.messages as unknown[]).length < 2; i++) {
    await sleep(100);
    history = rec(await s.getMessages(sessionId));
  }
  const synced = await s.sendMessageSync(sessionId, { content: 'sync from the client' });
  const all = rec(await s.getMessages(sessionId));
  const msgs = all.messages as Record<string, any>[];
  expect(msgs.length).toBe(3);
  const first = msgs[2]!;
  const newestOne = rec(await s.getMessages(sessionId, { limit: 1 }));
  // `before`/`after` given as Date and ISO string: the client converts both to epoch milliseconds
  const beforeFirst = rec(await s.getMessages(sessionId, { before: new Date(String(first.createdAt)) }));
  const afterFirst = rec(await s.getMessages(sessionId, { after: String(first.createdAt) }));

  const unknown = await rejection(s.getSession(randomUUID()));
  const invalid = await rejection(s.createSession({ agentId: 'not-a-uuid', userId }));
  const noKey = await rejection(keyless.sessions.getSession(sessionId));
  const deleted = await s.deleteSession(sessionId);
  const afterDelete = await rejection(s.getSession(sessionId));

  return {
    health: norm({ ...health, activeSessions: '<count>', expiringSoon: '<count>' }),
    created: norm(created, names),
    info: norm(info, names),
    listed: norm(listed, names),
    listKeys: Object.keys(list).sort(),
    sent: sent === undefined ? 'undefined' : sent,
    synced: synced === undefined ? 'undefined' : synced,
    messages: msgs.map((m) => ({ content: m.isAgent ? '<agent-text>' : (m.content as unknown), isAgent: m.isAgent as unknown })),
    firstMessage: norm({ ...first, id: '<id>' }, names),
    cursorsMatch: rec(all.cursors).before === Date.parse(String(first.createdAt)),
    newestOne: { count: (newestOne.messages as unknown[]).length, hasMore: newestOne.hasMore as unknown },
    beforeFirst: norm(beforeFirst),
    afterFirst: (afterFirst.messages as Record<string, any>[]).map((m) => m.isAgent as unknown),
    errors: { unknown: norm(unknown), invalid, noKey, afterDelete: norm(afterDelete, names) },
    deleted: deleted === undefined ? 'undefined' : deleted,
  };
}

/** What the real 1.7.2 server gives the client, written out by hand. */
export const apiClientExpected = {
  health: { status: 'healthy', activeSessions: '<count>', timestamp: '<iso>', expiringSoon: '<count>', uptime: '<seconds>' },
  created: {
    sessionId: '<session>',
    channelId: '<channel>',
    agentId: '<agent>',
    userId: '<user>',
    createdAt: '<iso>',
    metadata: { platform: 'api-client', username: 'bob' },
    expiresAt: '<iso>',
    timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
  },
  info: {
    sessionId: '<session>',
    channelId: '<channel>',
    agentId: '<agent>',
    userId: '<user>',
    createdAt: '<iso>',
    lastActivity: '<iso>',
    metadata: { platform: 'api-client', username: 'bob' },
    expiresAt: '<iso>',
    timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
    renewalCount: 0,
    timeRemaining: '<ms>',
    isNearExpiration: false,
  },
  listed: {
    sessionId: '<session>',
    channelId: '<channel>',
    agentId: '<agent>',
    userId: '<user>',
    createdAt: '<iso>',
    lastActivity: '<iso>',
    metadata: { platform: 'api-client', username: 'bob' },
    expiresAt: '<iso>',
    timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
    renewalCount: 0,
    timeRemaining: '<ms>',
    isNearExpiration: false,
  },
  listKeys: ['sessions', 'stats', 'total'],
  sent: 'undefined',
  synced: 'undefined',
  messages: [
    { content: 'sync from the client', isAgent: false },
    { content: '<agent-text>', isAgent: true },
    { content: 'hello from the client', isAgent: false },
  ],
  firstMessage: {
    id: '<id>',
    content: 'hello from the client',
    authorId: '<user>',
    isAgent: false,
    createdAt: '<iso>',
    metadata: {
      userId: '<user>',
      agentId: '<agent>',
      sessionId: '<session>',
      timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
      platform: 'api-client',
      username: 'bob',
      source: 'api-client',
    },
  },
  cursorsMatch: true,
  newestOne: { count: 1, hasMore: true },
  beforeFirst: { messages: [], hasMore: false },
  afterFirst: [false, true],
  errors: {
    unknown: { name: 'ApiError', code: 'SESSION_NOT_FOUND', status: 404, message: "Session with ID '<uuid>' not found" },
    invalid: { name: 'ApiError', code: 'VALIDATION_ERROR', status: 400, message: "Invalid UUID format for field 'agentId'" },
    // the 401 body `{error: "API key required", message}` has no `error.code`, so the client falls back
    noKey: { name: 'ApiError', code: 'HTTP_ERROR', status: 401, message: 'Unknown error' },
    afterDelete: { name: 'ApiError', code: 'SESSION_NOT_FOUND', status: 404, message: "Session with ID '<session>' not found" },
  },
  deleted: 'undefined',
};
