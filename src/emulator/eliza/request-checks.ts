import type { EmuRequest } from '../http.js';
import { invalidMetadata } from './errors.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_METADATA_SIZE = 10240;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && UUID_RE.test(v);
}

/** Express decodes `:sessionId` with decodeURIComponent and fails the request on a bad escape. */
export function sessionIdOf(req: EmuRequest): string {
  const raw = req.rawPath.split('/')[4] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new Error(`Failed to decode param '${raw}'`);
  }
}

export function validateMetadata(metadata: unknown): void {
  if (!metadata || typeof metadata !== 'object') return;
  if (JSON.stringify(metadata).length > MAX_METADATA_SIZE) {
    throw invalidMetadata(`Metadata exceeds maximum size of ${MAX_METADATA_SIZE} bytes`, metadata);
  }
}
