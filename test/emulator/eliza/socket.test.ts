/**
 * What only the emulator has on its Socket.IO side: the model knobs (also over the control API),
 * dropping connections, reset, and failures on the http and sse transports. The behaviour shared
 * with the real server is in test/contract/eliza-socket-cases.ts.
 */
import { io } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { startElizaEmulator, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { connectSocket } from '../../support/eliza-socket.js';
import { call, createSession, parseSse, S, T0, USER } from './helpers.js';

describe('Eliza emulator: Socket.IO knobs', () => {
  let emu!: ElizaEmulator;
  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({ controls, replyDelayMs: 0, exposeControls: true });
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.reset();
  });

  const send = (id: string, body: Record<string, unknown>) => call(emu, 'POST', `${S}/${id}/messages`, { json: body });

  it('streams three chunks by default; the control API turns streaming off and on', async () => {
    const s = await createSession(emu);
    const x = await connectSocket(emu.url);
    try {
      await x.join(s.channelId);
      await send(s.sessionId, { content: 'one' });
      const off = await call(emu, 'POST', '/__emulator/model', { json: { streams: false } });
      expect(off.body).toEqual({ model: { streams: false, fails: false } });
      await send(s.sessionId, { content: 'two' });
      const sse = await send(s.sessionId, { content: 'three', transport: 'sse' });
      expect(parseSse(sse.text).map((e) => e.event)).toEqual(['user_message', 'done']);
      await x.barrier();
      const chunks = x.named('messageStreamChunk') as Array<{ chunk: string; index: number }>;
      const broadcasts = x.named('messageBroadcast') as Array<{ text: string; createdAt: number }>;
      expect(broadcasts.map((b) => b.text)).toEqual(['TestAgent received: one', 'TestAgent received: two']);
      expect(chunks.map((c) => c.index)).toEqual([0, 1, 2]);
      expect(chunks.map((c) => c.chunk).join('')).toBe('TestAgent received: one');
      expect(broadcasts[0]!.createdAt).toBe(T0 + 1);
      expect((await call(emu, 'POST', '/__emulator/model', { json: { streams: 'yes' } })).status).toBe(400);
    } finally {
      x.close();
    }
  });

  it('a failing model: 201 and silence by default, 500 over http, an error event over sse; reset restores the model', async () => {
    const s = await createSession(emu);
    const x = await connectSocket(emu.url);
    try {
      await x.join(s.channelId);
      expect(emu.setModel({ fails: true })).toEqual({ streams: true, fails: true });
      expect((await send(s.sessionId, { content: 'a' })).status).toBe(201);
      const http = await send(s.sessionId, { content: 'b', transport: 'http' });
      expect(http.status).toBe(500);
      expect(http.body).toEqual({ success: false, error: 'Failed to process message in HTTP transport' });
      const sse = await send(s.sessionId, { content: 'c', transport: 'sse' });
      expect(parseSse(sse.text).map((e) => e.event)).toEqual(['user_message', 'error']);
      await x.barrier();
      expect(x.events.slice(2).map((e) => e.event)).toEqual(['channel_joined', 'room_joined', 'channel_joined', 'room_joined']);
      const history = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
      expect(history.body.messages.map((m: { isAgent: boolean }) => m.isAgent)).toEqual([false, false, false]);
    } finally {
      x.close();
    }
    emu.reset();
    const s2 = await createSession(emu);
    const http = await send(s2.sessionId, { content: 'd', transport: 'http' });
    expect(http.status).toBe(201);
  });

  it('dropSockets closes every connection; a client that reconnects is welcomed again', async () => {
    const sock = io(emu.url, { transports: ['websocket'], forceNew: true, auth: { entityId: USER }, reconnectionDelay: 10, reconnectionDelayMax: 20 });
    let established = 0;
    const twice = new Promise<void>((resolve) =>
      sock.on('connection_established', () => {
        established += 1;
        if (established === 1) emu.dropSockets();
        if (established === 2) resolve();
      }),
    );
    const reasons: string[] = [];
    sock.on('disconnect', (reason) => reasons.push(reason));
    try {
      await twice;
      expect(reasons).toEqual(['transport close']);
      expect(emu.socketCount()).toBe(1);
      const stats = await call(emu, 'GET', '/__emulator/sockets');
      expect(stats.body).toEqual({ sockets: 1, rooms: 0, connects: 2, joins: 0 });
      const down = new Promise<string>((resolve) => sock.once('disconnect', resolve));
      expect((await call(emu, 'POST', '/__emulator/sockets/drop')).status).toBe(200);
      expect(await down).toBe('transport close');
    } finally {
      sock.disconnect();
    }
    await expect.poll(() => emu.socketCount()).toBe(0);
  });

  it('with a reply delay, the broadcast comes from the scheduled reply', async () => {
    const delayed = await startElizaEmulator({ replyDelayMs: 5 });
    try {
      const s = await createSession(delayed);
      const x = await connectSocket(delayed.url);
      await x.join(s.channelId);
      const r = await call(delayed, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: 'later' } });
      expect(r.status).toBe(201);
      const b = await x.next('messageBroadcast');
      expect(b.text).toBe('TestAgent received: later');
      x.close();
    } finally {
      await delayed.close();
    }
  });

  it('GET /api/agents lists the configured agents', async () => {
    const r = await call(emu, 'GET', '/api/agents');
    expect(r.status).toBe(200);
    expect(r.body.data.agents.map((a: { name: string; bio: string }) => [a.name, a.bio])).toEqual([
      ['Ada', 'Answers questions about travel plans.'],
      ['TestAgent', 'test'],
      ['Turing', 'Answers questions about computing.'],
    ]);
    expect((await call(emu, 'GET', '/API/Agents/')).status).toBe(200);
  });
});
