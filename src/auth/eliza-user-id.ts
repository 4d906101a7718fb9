import { uuidV5 } from '../domain/uuid-v5.js';

/** RFC 4122 namespace for the facade's derived Eliza user ids (a fixed, random v4 UUID). */
export const ELIZA_USER_NAMESPACE = '8f1f6a3e-2d4b-4c1a-9e57-3b0d6f2c9a41';

/**
 * The stable Eliza user id of a verified caller. Issuer and subject are joined with a NUL so that
 * no (issuer, subject) pair can collide with another by moving characters across the boundary.
 */
export function elizaUserId(issuer: string, subject: string): string {
  return uuidV5(`${issuer}\u0000${subject}`, ELIZA_USER_NAMESPACE);
}
