import type { Pool } from 'undici';
import { CircuitBreaker } from './breaker.js';
import { ElizaClient } from './eliza/client.js';
import type { Service } from './errors.js';
import type { ElizaApi } from './eliza/types.js';
import { HttpClient } from './http.js';
import { createUpstreamPool } from './http/pool.js';
import type { RequestInfo } from './http/types.js';
import { SumvinClient } from './sumvin/client.js';
import type { SumvinApi } from './sumvin/types.js';

/** The typed clients of both upstreams. */
export interface Clients {
  sumvin: SumvinApi;
  eliza: ElizaApi;
}

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
export function createClients(s: UpstreamSettings): { clients: Clients; breakers: Record<Service, CircuitBreaker>; close(): Promise<void> } {
  const pools: Pool[] = [];
  // one breaker per upstream, kept here so their state can be read (metrics)
  const breakers: Record<Service, CircuitBreaker> = { sumvin: new CircuitBreaker(), eliza: new CircuitBreaker() };
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
      breaker: breakers[service],
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
    breakers,
    async close() {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
