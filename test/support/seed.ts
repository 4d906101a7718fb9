/** Writes test data straight into the emulators over HTTP, the way other clients of the upstreams would. */
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';
import type { Stack } from './stack.js';

export const AGENT_ID = DEFAULT_AGENTS[0]!.id;

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function createSumvinSession(
  stack: Stack,
  user: string,
  opts: { id: string; title?: string | null; messages?: number; texts?: string[] },
): Promise<void> {
  const count = opts.texts?.length ?? opts.messages ?? 1;
  const messages = Array.from({ length: count }, (_, i) => ({
    id: `${opts.id}-m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    parts: [{ type: 'text', text: opts.texts?.[i] ?? `${opts.title ?? opts.id} message ${i}` }],
  }));
  await expectOk(
    await fetch(`${stack.sumvin.url}/v0/chat/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-juno-jwt': await stack.token(user) },
      body: JSON.stringify({ id: opts.id, ...(opts.title !== undefined ? { title: opts.title } : {}), messages }),
    }),
    'create sumvin session',
  );
}

export async function createElizaSession(
  stack: Stack,
  user: string,
  opts: { title?: string; metadata?: Record<string, unknown>; timeoutConfig?: Record<string, unknown> } = {},
): Promise<string> {
  const body = (await expectOk(
    await fetch(`${stack.elizaUrl}/api/messaging/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        agentId: AGENT_ID,
        userId: stack.elizaUserIdOf(user),
        metadata: { ...(opts.title ? { title: opts.title } : {}), ...opts.metadata },
        ...(opts.timeoutConfig ? { timeoutConfig: opts.timeoutConfig } : {}),
      }),
    }),
    'create eliza session',
  )) as { sessionId: string };
  await stack.reconcile();
  return body.sessionId;
}

export async function sendElizaMessage(stack: Stack, sessionId: string, content: string): Promise<void> {
  await expectOk(
    await fetch(`${stack.elizaUrl}/api/messaging/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    }),
    'send eliza message',
  );
}

/** Freezes both emulator clocks at `at` (epoch ms). */
export function freezeClocks(stack: Stack, at: number): void {
  stack.sumvin.controls.clock.freeze(at);
  stack.eliza?.controls.clock.freeze(at);
}

export function advanceClocks(stack: Stack, ms: number): void {
  stack.sumvin.controls.clock.advance(ms);
  stack.eliza?.controls.clock.advance(ms);
}
