/**
 * Both emulators' snapshot() / restore(): a snapshot taken through JSON and restored into another
 * emulator answers every read the same way and keeps counting where the first left off; a snapshot
 * that is not one is refused without changing anything; onChange follows writes, not reads.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorControls } from '../../src/emulator/controls.js';
import { startElizaEmulator, type ElizaEmulator } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../../src/emulator/sumvin/index.js';
import { AGENT, call as elizaCall, S, T0, USER } from './eliza/helpers.js';
import { call as sumvinCall, textMessage } from './sumvin/helpers.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const e of open.splice(0)) await e.close();
});

const throughJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

async function sumvin(opts: Parameters<typeof startSumvinEmulator>[0] = {}): Promise<SumvinEmulator> {
  const controls = new EmulatorControls();
  controls.clock.freeze(T0);
  const emu = await startSumvinEmulator({ controls, ...opts });
  open.push(emu);
  return emu;
}

async function eliza(opts: Parameters<typeof startElizaEmulator>[0] = {}): Promise<ElizaEmulator> {
  const controls = new EmulatorControls();
  controls.clock.freeze(T0);
  const emu = await startElizaEmulator({ controls, replyDelayMs: 0, rateLimit: false, ...opts });
  open.push(emu);
  return emu;
}

describe('Sumvin emulator snapshot', () => {
  const reads = async (emu: SumvinEmulator) => ({
    alice: (await sumvinCall(emu, 'GET', '/v0/chat/sessions?limit=100', { user: 'alice' })).body,
    bob: (await sumvinCall(emu, 'GET', '/v0/chat/sessions?limit=100', { user: 'bob' })).body,
    kept: (await sumvinCall(emu, 'GET', '/v0/chat/sessions/cs-kept/messages?limit=100', { user: 'alice' })).body,
  });

  it('restores sessions, messages and files into another emulator', async () => {
    const a = await sumvin({ seed: { users: ['alice', 'bob'], sessionsPerUser: 2, messagesPerSession: 3 } });
    await sumvinCall(a, 'POST', '/v0/chat/sessions', {
      user: 'alice',
      json: { id: 'cs-kept', title: 'Kept', messages: [textMessage('m1', 'user', 'one'), textMessage('m2', 'assistant', 'two')] },
    });
    const form = new FormData();
    form.append('file', new Blob(['file bytes'], { type: 'text/plain' }), 'note.txt');
    const upload = await sumvinCall(a, 'POST', '/v0/chat/attachments?session_id=cs-kept', { user: 'alice', form });
    expect(upload.status).toBe(201);
    const before = await reads(a);

    const b = await sumvin();
    b.restore(throughJson(a.snapshot()));
    expect(await reads(b)).toEqual(before);
    const filePath = new URL(upload.body.url as string).pathname;
    expect(await (await fetch(b.url + filePath)).text()).toBe('file bytes');

    // an update keeps its place, a new message comes next, as in the emulator the data came from
    const save = { user: 'alice', json: { messages: [textMessage('m1', 'user', 'one, edited'), textMessage('m3', 'user', 'three')] } };
    expect((await sumvinCall(a, 'POST', '/v0/chat/sessions/cs-kept/messages', save)).status).toBe(200);
    expect((await sumvinCall(b, 'POST', '/v0/chat/sessions/cs-kept/messages', save)).status).toBe(200);
    const texts = (r: { body: { messages: Array<{ text_content: string; sequence: number }> } }) => r.body.messages.map((m) => [m.sequence, m.text_content]);
    const after = async (emu: SumvinEmulator) => texts(await sumvinCall(emu, 'GET', '/v0/chat/sessions/cs-kept/messages?limit=100', { user: 'alice' }));
    expect(await after(b)).toEqual([[0, 'one, edited'], [1, 'two'], [2, 'three']]);
    expect(await after(b)).toEqual(await after(a));
  });

  it('refuses what is not a snapshot and keeps its data', async () => {
    const emu = await sumvin({ seed: { users: ['alice'], sessionsPerUser: 2, messagesPerSession: 2 } });
    await sumvinCall(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-kept', messages: [textMessage('m1', 'user', 'one')] } });
    const before = await reads(emu);
    const good = throughJson(emu.snapshot()) as { sessions: Array<Record<string, unknown>> };
    for (const bad of [null, 'x', {}, { version: 2, sessions: [], files: [] }, { ...good, sessions: [{ ...good.sessions[0], messages: 'no' }] }]) {
      expect(() => emu.restore(bad)).toThrow();
      expect(await reads(emu)).toEqual(before);
    }
  });

  it('calls onChange after writes, not after reads', async () => {
    let changes = 0;
    const emu = await sumvin({ onChange: () => (changes += 1) });
    await sumvinCall(emu, 'GET', '/v0/chat/sessions', { user: 'alice' });
    expect(changes).toBe(0);
    await sumvinCall(emu, 'POST', '/v0/chat/sessions', { user: 'alice', json: { id: 'cs-1', messages: [textMessage('m', 'user', 'x')] } });
    await expect.poll(() => changes).toBe(1);
  });
});

describe('ElizaOS emulator snapshot', () => {
  const reads = async (emu: ElizaEmulator, sessionId: string) => ({
    list: (await elizaCall(emu, 'GET', S)).body,
    session: (await elizaCall(emu, 'GET', `${S}/${sessionId}`)).body,
    messages: (await elizaCall(emu, 'GET', `${S}/${sessionId}/messages?limit=100`)).body,
  });

  async function withConversation(): Promise<{ emu: ElizaEmulator; sessionId: string }> {
    const emu = await eliza({ seed: { sessions: [{ userId: USER, count: 2, messagesPerSession: 4, metadata: { title: 'Seeded' } }] } });
    const created = await elizaCall(emu, 'POST', S, { json: { agentId: AGENT, userId: USER, metadata: { title: 'Kept' } } });
    const sessionId = created.body.sessionId as string;
    const sent = await elizaCall(emu, 'POST', `${S}/${sessionId}/messages`, { json: { content: 'hello' } });
    expect(sent.status).toBe(201);
    return { emu, sessionId };
  }

  it('restores sessions, channels and messages into another emulator', async () => {
    const { emu: a, sessionId } = await withConversation();
    const before = await reads(a, sessionId);
    expect(before.messages.messages.length).toBe(2);

    const b = await eliza();
    b.restore(throughJson(a.snapshot()));
    expect(await reads(b, sessionId)).toEqual(before);

    // messages sent after the restore sort after the restored ones, as in the original
    for (const emu of [a, b]) await elizaCall(emu, 'POST', `${S}/${sessionId}/messages`, { json: { content: 'again' } });
    const contents = async (emu: ElizaEmulator) =>
      ((await elizaCall(emu, 'GET', `${S}/${sessionId}/messages?limit=100`)).body.messages as Array<{ content: string }>).map((m) => m.content);
    expect(await contents(b)).toEqual(await contents(a));
  });

  it('refuses what is not a snapshot and keeps its data', async () => {
    const { emu, sessionId } = await withConversation();
    const before = await reads(emu, sessionId);
    const good = throughJson(emu.snapshot()) as { messages: Array<Record<string, unknown>> };
    for (const bad of [null, [], { version: 1 }, { ...good, version: 2 }, { ...good, messages: [{ ...good.messages[0], sourceType: 'robot' }] }]) {
      expect(() => emu.restore(bad)).toThrow();
      expect(await reads(emu, sessionId)).toEqual(before);
    }
  });

  it('calls onChange after writes and after a stored reply, not after reads', async () => {
    let changes = 0;
    const emu = await eliza({ replyDelayMs: 5, onChange: () => (changes += 1) });
    await elizaCall(emu, 'GET', S);
    expect(changes).toBe(0);
    const created = await elizaCall(emu, 'POST', S, { json: { agentId: AGENT, userId: USER } });
    await expect.poll(() => changes).toBe(1);
    await elizaCall(emu, 'POST', `${S}/${created.body.sessionId}/messages`, { json: { content: 'hi' } });
    // the send itself, then the agent's reply stored a moment later
    await expect.poll(() => changes).toBe(3);
  });
});
