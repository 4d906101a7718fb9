import { GraphQLError } from 'graphql';
import { apiError, toGraphQLError, type ErrorCode } from '../../errors.js';
import { UpstreamError } from '../../upstream/errors.js';

/**
 * A write whose outcome is unknown (timeout, upstream unavailable) is safe to repeat when the
 * repeat is idempotent: create with the same session id (409 means it exists), save with the same
 * message ids (upsert). The error says so and carries the ids to repeat it with.
 */
export function writeFailure(err: unknown, details: Record<string, unknown>): unknown {
  if (!(err instanceof UpstreamError)) return err;
  const mapped = toGraphQLError(err);
  if (!(mapped instanceof GraphQLError)) return err;
  const code = mapped.extensions['code'];
  if (code !== 'UPSTREAM_TIMEOUT' && code !== 'UPSTREAM_UNAVAILABLE') return err;
  const known = mapped.extensions['details'];
  return apiError(code satisfies ErrorCode, mapped.message, {
    provider: 'SUMVIN',
    retryable: true,
    details: { ...(typeof known === 'object' && known !== null ? known : {}), ...details },
  });
}

export const RETRY_NOTE =
  'Writes are never retried by the server. On UPSTREAM_TIMEOUT or UPSTREAM_UNAVAILABLE the outcome is unknown';
