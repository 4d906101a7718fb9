/**
 * The agents a user can talk to, from `GET /api/agents` (the list endpoint only: the per-agent
 * `GET /api/agents/{id}` answers the server's environment in `settings.secrets` and is never called).
 */
import { z } from 'zod';
import type { HttpClient } from '../http.js';
import type { ElizaAgentSummary } from './types.js';

const AGENTS = '/api/agents';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const agentSchema = z.object({
  id: z.string().regex(UUID),
  name: z.string(),
  characterName: z.string().optional(),
  bio: z.string().optional(),
  status: z.string().optional(),
});

/** The envelope must match; an entry that does not (no UUID id, no name) is left out of the list. */
export const agentListSchema = z.object({
  success: z.literal(true),
  data: z.object({ agents: z.array(z.unknown()).max(10_000) }),
});

function mapStatus(status: string | undefined): ElizaAgentSummary['status'] {
  return status === 'active' || status === 'inactive' ? status : 'unknown';
}

export async function fetchAgents(http: HttpClient, signal?: AbortSignal): Promise<ElizaAgentSummary[]> {
  const raw = await http.get(AGENTS, { signal, schema: agentListSchema });
  const agents: ElizaAgentSummary[] = [];
  for (const entry of raw.data.agents) {
    const parsed = agentSchema.safeParse(entry);
    if (!parsed.success) continue;
    const a = parsed.data;
    agents.push({
      id: a.id.toLowerCase(),
      name: a.name,
      characterName: a.characterName ?? a.name,
      bio: a.bio ?? '',
      status: mapStatus(a.status),
    });
  }
  return agents;
}

/**
 * The agents list, kept for a few seconds per process: agents change rarely, and every page that
 * offers "talk to an agent" asks for it. Callers asking at the same time share one upstream call;
 * a failure is not kept.
 */
export class AgentsCache {
  private value: { at: number; agents: ElizaAgentSummary[] } | null = null;
  private pending: Promise<ElizaAgentSummary[]> | null = null;

  constructor(
    private readonly load: () => Promise<ElizaAgentSummary[]>,
    private readonly now: () => number = Date.now,
  ) {}

  get(maxAgeMs: number): Promise<ElizaAgentSummary[]> {
    if (this.value && this.now() - this.value.at < maxAgeMs) return Promise.resolve(this.value.agents);
    this.pending ??= this.load()
      .then((agents) => {
        this.value = { at: this.now(), agents };
        return agents;
      })
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}
