import type { EmuRequest, EmuResponse } from '../http.js';
import { FORBIDDEN } from './errors.js';
import { runApi, writeResponse } from './pipeline.js';
import type { ElizaState } from './state.js';

/** Answer for paths no route matches: `/api/*` runs the pipeline and ends in 404 JSON, the rest is 403. */
export function notFoundResponse(state: ElizaState, req: EmuRequest): EmuResponse {
  if (req.method === 'OPTIONS') return { status: 204, headers: corsHeaders(req) };
  if (!req.rawPath.startsWith('/api/')) return FORBIDDEN;
  return {
    status: 404,
    stream: async (res) => {
      const out = await runApi(state, req, undefined);
      req.raw.resume();
      writeResponse(res, out);
    },
  };
}

function corsHeaders(req: EmuRequest): Record<string, string> {
  const h: Record<string, string> = {
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'GET,POST,PUT,DELETE,PATCH,OPTIONS',
    'access-control-allow-headers': 'Content-Type,Authorization,X-API-KEY',
    vary: 'Origin, Access-Control-Request-Headers',
  };
  const origin = req.headers.origin;
  if (origin) h['access-control-allow-origin'] = origin;
  return h;
}
