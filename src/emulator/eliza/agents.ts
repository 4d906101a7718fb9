/** Seeded agents and the deterministic stand-in for an agent's reply. */

export interface ElizaAgent {
  id: string;
  name: string;
  /** Character bio lines; `GET /api/agents` shows the first. */
  bio?: string[];
  /** Character settings, e.g. SESSION_TIMEOUT_MINUTES, SESSION_AUTO_RENEW (strings, as in a character file). */
  settings?: Record<string, string>;
}

/** The first id is the one the real server derives for an agent named TestAgent. */
export const DEFAULT_AGENTS: ElizaAgent[] = [
  { id: '6a979d09-1ed2-0632-8092-624ba27761eb', name: 'TestAgent', bio: ['test'] },
  { id: '3f6b1c2e-8a4d-4e57-9b1a-0c2d3e4f5a61', name: 'Ada', bio: ['Answers questions about travel plans.'] },
  { id: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b62', name: 'Turing', bio: ['Answers questions about computing.'] },
];

/** The agent runtime's `Content` for a reply, narrowed to what the emulator produces. */
export interface AgentContent {
  text: string;
  thought: string;
  actions: string[];
}

/**
 * Reply rule: text = `<AgentName> received: <first 200 UTF-16 units of the user content>`,
 * thought = `Replying to <AgentName>'s user`, actions = ["REPLY"].
 */
export function agentReply(agent: ElizaAgent, userContent: string): AgentContent {
  return {
    text: `${agent.name} received: ${userContent.slice(0, 200)}`,
    thought: `Replying to ${agent.name}'s user`,
    actions: ['REPLY'],
  };
}

/** Splits a reply into at most three stream chunks (at spaces when possible) whose concatenation is the text. */
export function replyChunks(text: string): string[] {
  const words = text.split(/(?<= )/);
  const per = Math.max(1, Math.ceil(words.length / 3));
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += per) chunks.push(words.slice(i, i + per).join(''));
  return chunks.length > 0 ? chunks : [text];
}
