/** The HTTP server's limits; the app caps multipart bodies again while yoga parses them. */
export const HTTP_LIMITS = {
  /** JSON and GET requests; a larger body is refused with 413 before it is parsed. */
  maxBodyBytes: 256 * 1024,
  /** Multipart requests (attachment uploads) may be larger; the upload's own cap is checked later. */
  maxMultipartBytes: 11 * 1024 * 1024,
  /** An oversize body is read and thrown away up to this size before the 413; past it the connection closes. */
  maxDiscardBytes: 16 * 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
} as const;
