/**
 * Who owns which Eliza session, as seen in upstream answers. The ElizaOS API answers an expired
 * session with 410 and no details; this record lets the facade say SESSION_EXPIRED only to the
 * session's owner and NOT_FOUND to everyone else, so expiry does not reveal that a session exists.
 * Bounded (least recently seen entries go first) and in memory: after a restart, an expired
 * session the facade has not seen since answers NOT_FOUND even to its owner.
 */
export class SessionOwners {
  private readonly owners = new Map<string, string>();

  constructor(private readonly maxEntries = 100_000) {}

  remember(sessionId: string, userId: string): void {
    this.owners.delete(sessionId);
    this.owners.set(sessionId, userId);
    if (this.owners.size > this.maxEntries) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.owners.delete(oldest);
    }
  }

  ownerOf(sessionId: string): string | undefined {
    return this.owners.get(sessionId);
  }
}
