/** The zod-parsed ElizaOS Socket.IO events, and what the watcher does with ones that do not parse. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { ChannelWatcher } from '../../../../src/upstream/eliza/channel-watch.js';
import { parseBroadcastEvent, parseChunkEvent, type ElizaChannelEvent } from '../../../../src/upstream/eliza/socket-events.js';

const CH = 'bd8b55e7-1111-4222-8333-444455556666';
const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';
const ID = '6da3982e-1111-4222-8333-444455556666';

// as the real 1.7.2 server sent them (eliza-socketio.md)
const realBroadcast = {
  senderId: AGENT,
  senderName: 'TestAgent',
  text: 'canned reply number one',
  roomId: CH,
  serverId: '00000000-0000-0000-0000-000000000000',
  createdAt: 1796265353660,
  source: 'agent_response',
  id: ID,
  thought: 't',
  actions: ['REPLY'],
};
const realChunk = { messageId: ID, chunk: 'ca', index: 0, agentId: AGENT, channelId: CH };

describe('socket events', () => {
  it('parse the real server\'s shapes', () => {
    expect(parseChunkEvent(realChunk)).toEqual({ type: 'chunk', channelId: CH, messageId: ID, index: 0, text: 'ca', agentId: AGENT });
    expect(parseBroadcastEvent(realBroadcast)).toEqual({
      type: 'broadcast',
      channelId: CH,
      id: ID,
      senderId: AGENT,
      senderName: 'TestAgent',
      text: 'canned reply number one',
      createdAt: 1796265353660,
      source: 'agent_response',
      thought: 't',
      actions: ['REPLY'],
    });
    // the socket SEND_MESSAGE echo carries channelId and no thought
    expect(parseBroadcastEvent({ id: ID, senderId: AGENT, text: 'x', channelId: CH, createdAt: 1 })).toMatchObject({ channelId: CH, thought: null, actions: [] });
  });

  it.each([
    ['no channel', { ...realBroadcast, roomId: undefined }],
    ['createdAt as a string', { ...realBroadcast, createdAt: '2026-01-01T00:00:00Z' }],
    ['actions not strings', { ...realBroadcast, actions: [1] }],
    ['not an object', 'hello'],
  ])('refuse a broadcast with %s', (_name, raw) => {
    expect(parseBroadcastEvent(raw)).toBeNull();
  });

  it.each([
    ['a negative index', { ...realChunk, index: -1 }],
    ['no messageId', { ...realChunk, messageId: undefined }],
    ['a chunk that is no string', { ...realChunk, chunk: 42 }],
    ['null', null],
  ])('refuse a chunk with %s', (_name, raw) => {
    expect(parseChunkEvent(raw)).toBeNull();
  });

  it('the watcher counts and drops events that do not parse, and delivers the rest', async () => {
    const http = createServer();
    const io = new Server(http);
    io.on('connection', (socket) => {
      socket.on('message', (d: { payload: { channelId: string } }) => {
        void socket.join(d.payload.channelId);
        socket.emit('room_joined', { channelId: d.payload.channelId });
        socket.emit('messageStreamChunk', { ...realChunk, index: 'zero' });
        socket.emit('messageBroadcast', { ...realBroadcast, id: 7 });
        socket.emit('messageStreamChunk', realChunk);
        socket.emit('messageBroadcast', realBroadcast);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const w = new ChannelWatcher({ url, entityId: '0f0e0d0c-0b0a-4909-8807-060504030201', idleCloseMs: 0 });
    try {
      const got: ElizaChannelEvent[] = [];
      const done = new Promise<void>((resolve) =>
        w.watch(CH, (e) => {
          got.push(e);
          if (e.type === 'broadcast') resolve();
        }),
      );
      await done;
      expect(got.map((e) => e.type)).toEqual(['chunk', 'broadcast']);
      expect(w.stats().invalidEvents).toBe(2);
    } finally {
      w.close();
      await io.close();
    }
  });
});
