import type { Pool } from 'undici';
import { CircuitBreaker } from './breaker.js';
import { ElizaClient } from './eliza/client.js';
import { ElizaSessionStream } from './eliza/session-stream.js';
import type { Service } from '../errors/classes.js';
import type { ElizaApi } from './eliza/types.js';
import { createUpstreamPool } from './http/pool.js';
import type { RequestInfo, UpstreamTransport } from './http/types.js';
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

/**
 * One pool and one circuit breaker per upstream origin, created once and shared by every request
 * (the breakers are returned so their state can be read, for metrics); `elizaSessions` reads the
 * global Eliza list as a stream (for the ownership index) over the same pool.
 */
export function createClients(s: UpstreamSettings): {
  clients: Clients;
  elizaSessions: ElizaSessionStream;
  breakers: Record<Service, CircuitBreaker>;
  close(): Promise<void>;
} {
  const pools: Pool[] = [];
  const breakers: Record<Service, CircuitBreaker> = { sumvin: new CircuitBreaker(), eliza: new CircuitBreaker() };
  const http = (service: Service, baseUrl: string, defaultHeaders?: Record<string, string>): UpstreamTransport => {
    const dispatcher = createUpstreamPool(baseUrl, {
      ...(s.connectMs !== undefined ? { connectTimeoutMs: s.connectMs } : {}),
      ...(s.attemptMs !== undefined ? { attemptMs: s.attemptMs } : {}),
    });
    pools.push(dispatcher);
    return {
      baseUrl,
      dispatcher,
      breaker: breakers[service],
      ...(s.attemptMs !== undefined ? { timeouts: { attemptMs: s.attemptMs } } : {}),
      ...(s.budgetMs !== undefined ? { budgetMs: s.budgetMs } : {}),
      ...(defaultHeaders ? { defaultHeaders } : {}),
      ...(s.onRequest ? { onRequest: s.onRequest } : {}),
    };
  };
  const elizaHttp = http('eliza', s.elizaUrl, s.elizaApiKey ? { 'x-api-key': s.elizaApiKey } : undefined);
  const clients: Clients = {
    sumvin: new SumvinClient({ http: http('sumvin', s.sumvinUrl) }),
    eliza: new ElizaClient({ http: elizaHttp }),
  };
  return {
    clients,
    elizaSessions: new ElizaSessionStream(elizaHttp),
    breakers,
    async close() {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}
