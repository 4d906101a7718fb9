/**
 * The live events the facade fans out to `sessionEvents` and `inboxEvents` subscribers, as they
 * travel over the store's pub/sub (JSON), and the topics they travel on. Session topics carry the
 * owner's key as well as the session id, so an event can only reach a subscriber whose ownership
 * of that session was checked for that owner.
 */
import type { MessageNode } from '../../domain/messages.js';
import type { ElizaSession } from '../../upstream/eliza/types.js';
import type { SumvinSession } from '../../upstream/sumvin/types.js';

export type LiveProvider = 'eliza' | 'sumvin';
export type RemovedReason = 'ENDED' | 'DELETED' | 'EXPIRED';

export type LiveSession = { provider: 'eliza'; session: ElizaSession } | { provider: 'sumvin'; session: SumvinSession };

export type LiveEvent =
  | { type: 'message'; provider: LiveProvider; sessionId: string; message: MessageNode }
  | ({ type: 'created' } & LiveSession)
  | ({ type: 'updated' } & LiveSession)
  | { type: 'expiring'; provider: 'eliza'; session: ElizaSession }
  | { type: 'removed'; provider: LiveProvider; sessionId: string; reason: RemovedReason };

/** The caller key of both providers: the derived Eliza user id (one per issuer and subject). */
export const sessionTopic = (provider: LiveProvider, ownerKey: string, sessionId: string): string =>
  `live:s:${provider}:${ownerKey}:${sessionId}`;
export const inboxTopic = (ownerKey: string): string => `live:i:${ownerKey}`;

export const sessionIdOfEvent = (e: LiveEvent): string =>
  e.type === 'message' || e.type === 'removed' ? e.sessionId : e.provider === 'eliza' ? e.session.sessionId : e.session.id;
