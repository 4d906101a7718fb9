/** How the write mutations describe a failed write in their documentation. */
export const RETRY_NOTE =
  'Writes are never retried by the server. On UPSTREAM_TIMEOUT or UPSTREAM_UNAVAILABLE the outcome is unknown';
