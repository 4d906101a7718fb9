import { UpstreamError } from './classes.js';

/** Failures after which a write may or may not have been applied. */
const UNCERTAIN_KINDS = new Set<UpstreamError['kind']>(['UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_BAD_RESPONSE']);

export interface WriteRule {
  /** Whether repeating the write cannot apply it twice. */
  repeatable: boolean;
  /**
   * The ids that make a repeat safe whatever happened (a create with the session id, a save
   * with the message ids: Sumvin answers 409 or upserts). Given to the client in `details`.
   */
  repeatWith?: Record<string, unknown>;
}

/** Whether the failed call may have reached the upstream and changed something. */
function mayHaveApplied(err: UpstreamError): boolean {
  if (err.mayHaveApplied) return true;
  const s = err.status;
  return s !== undefined && (s >= 500 || (s >= 200 && s < 300));
}

/**
 * What a failed write reports when its outcome is unknown (a timeout, a dropped connection, a
 * 5xx, an open circuit or an unreadable 2xx). Writes are never retried by the server; the error
 * tells the client whether it may repeat one:
 * - with `repeatWith`, the repeat is safe in every case: `retryable: true` and the ids to use;
 * - otherwise, when the call may have reached the upstream: `mayHaveApplied: true`, and
 *   `retryable` only for a repeatable write (a second send posts the message twice).
 * Any other error is returned unchanged.
 */
export function writeFailure(err: unknown, rule: WriteRule): unknown {
  if (!(err instanceof UpstreamError) || !UNCERTAIN_KINDS.has(err.kind)) return err;
  if (rule.repeatWith) return err.with({ retryable: true, repeatWith: rule.repeatWith });
  if (!mayHaveApplied(err)) return err;
  return err.with({ retryable: rule.repeatable, mayHaveApplied: true });
}
