import type { UpstreamErrorKind } from '../../errors/classes.js';

/** What both upstreams mean by these statuses; each upstream's `map.ts` adds its own. */
const COMMON_KIND_BY_STATUS: Readonly<Record<number, UpstreamErrorKind>> = {
  400: 'BAD_USER_INPUT',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * The kind of a non-2xx answer: any 5xx is an unavailable upstream; otherwise the upstream's own
 * table, then the common one; a status neither knows is an answer we cannot understand.
 */
export function kindOfStatus(status: number, own: Readonly<Record<number, UpstreamErrorKind>>): UpstreamErrorKind {
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return own[status] ?? COMMON_KIND_BY_STATUS[status] ?? 'UPSTREAM_BAD_RESPONSE';
}
