import type { Pool } from 'undici';
import type { Clients } from './context.js';
import { ElizaClient } from './upstream/eliza/client.js';
import { HttpClient } from './upstream/http.js';
import { createUpstreamPool } from './upstream/http/pool.js';
import type { RequestInfo } from './upstream/http/types.js';
import { SumvinClient } from './upstream/sumvin/client.js';

export interface UpstreamSettings {
  sumvinUrl: string;
  elizaUrl: string;
  elizaApiKey?: string;
  connectMs?: number;
  attemptMs?: number;
  /** Per-call budget across retries; the operation deadline still caps it. */
  budgetMs?: number;
  onRequest?: (info: RequestInfo) => void;
}

/** One pool per upstream origin, created once and shared by every request. */
export function createClients(s: UpstreamSettings): { clients: Clients; close(): Promise<void> } {
  const pools: Pool[] = [];
  const http = (service: 'sumvin' | 'eliza', baseUrl: string, defaultHeaders?: Record<string, string>) => {
    const dispatcher = createUpstreamPool(baseUrl, {
      ...(s.connectMs !== undefined ? { connectTimeoutMs: s.connectMs } : {}),
      ...(s.attemptMs !== undefined ? { attemptMs: s.attemptMs } : {}),
    });
    pools.push(dispatcher);
    return new HttpClient({
      service,
      baseUrl,
      dispatcher,
      ...(s.attemptMs !== undefined ? { timeouts: { attemptMs: s.attemptMs } } : {}),
      ...(s.budgetMs !== undefined ? { budgetMs: s.budgetMs } : {}),
      ...(defaultHeaders ? { defaultHeaders } : {}),
      ...(s.onRequest ? { onRequest: s.onRequest } : {}),
    });
  };
  const clients: Clients = {
    sumvin: new SumvinClient({ http: http('sumvin', s.sumvinUrl) }),
    eliza: new ElizaClient({ http: http('eliza', s.elizaUrl, s.elizaApiKey ? { 'x-api-key': s.elizaApiKey } : undefined) }),
  };
  return {
    clients,
    async close() {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
