/**
 * The Socket.IO side of `@elizaos/server@1.7.2` (its `SocketIORouter`), on the emulator's own HTTP
 * server and port, path `/socket.io/`:
 * - handshake: `auth.entityId` must be a UUID (else `connect_error "Valid entityId required"`); when
 *   a server socket key is set (the real `SERVER_API_KEY`), `auth.apiKey` or the `x-api-key` header
 *   must equal it (else `connect_error "Invalid or missing API Key"`), checked first;
 * - on connect: `authenticated {entityId, timestamp}`, then `connection_established {message, socketId}`;
 * - join: `emit('message', {type: 1, payload: {channelId}})` or `emit('1', {channelId | roomId})` →
 *   `channel_joined` and `room_joined`, both `{message, channelId, roomId[, agentId]}`; no channel id →
 *   `messageError {error}`. Anyone may join any channel (data isolation off, as the real default).
 *
 * Replies are pushed to the channel's room by the send route through `emitToChannel`.
 * Not reproduced: SEND_MESSAGE over the socket (type 2), the log stream events.
 */
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { isUuid } from './request-checks.js';

/** SOCKET_MESSAGE_TYPE.ROOM_JOINING in @elizaos/core. */
const ROOM_JOINING = 1;

export interface SocketHubOptions {
  /** The real server's SERVER_API_KEY: when set, the handshake needs it. */
  serverApiKey?: string;
  now(): number;
}

export interface SocketStats {
  /** Open connections. */
  sockets: number;
  /** Channels with at least one socket in their room. */
  rooms: number;
  /** Handshakes accepted and join requests handled, since start or the last resetCounts(). */
  connects: number;
  joins: number;
}

export interface SocketHub {
  emitToChannel(channelId: string, event: string, payload: unknown): void;
  stats(): SocketStats;
  resetCounts(): void;
  /** Closes every socket's transport, as a network drop would (clients reconnect by themselves). */
  dropConnections(): void;
  close(): Promise<void>;
}

type Payload = Record<string, unknown>;

function asObject(value: unknown): Payload | undefined {
  return value !== null && typeof value === 'object' ? (value as Payload) : undefined;
}

function joinChannel(socket: Socket, raw: unknown, counts: { joins: number }): void {
  counts.joins += 1;
  const payload = asObject(raw);
  if (!payload) return; // the real handler throws on a missing payload and answers nothing
  const channelId = payload.channelId || payload.roomId;
  if (!channelId) {
    socket.emit('messageError', { error: 'channelId is required for joining.' });
    return;
  }
  const agentId = payload.agentId;
  void socket.join(channelId as string);
  const response = {
    message: `Socket ${socket.id} successfully joined channel ${String(channelId)}.`,
    channelId,
    roomId: channelId,
    ...(agentId ? { agentId } : {}),
  };
  socket.emit('channel_joined', response);
  socket.emit('room_joined', response);
}

export function attachSocketHub(httpServer: HttpServer, opts: SocketHubOptions): SocketHub {
  const counts = { connects: 0, joins: 0 };
  const io = new Server(httpServer, {
    cors: { origin: '*', methods: ['GET', 'POST'], credentials: true },
    transports: ['websocket', 'polling'],
    maxHttpBufferSize: 1e6,
    perMessageDeflate: false,
  });

  io.use((socket, next) => {
    if (opts.serverApiKey) {
      const auth = asObject(socket.handshake.auth) ?? {};
      const apiKey = auth.apiKey || socket.handshake.headers['x-api-key'];
      if (!apiKey || apiKey !== opts.serverApiKey) {
        next(new Error('Invalid or missing API Key'));
        return;
      }
    }
    const entityId = asObject(socket.handshake.auth)?.entityId;
    if (typeof entityId !== 'string' || !isUuid(entityId)) {
      next(new Error('Valid entityId required'));
      return;
    }
    socket.data.entityId = entityId;
    next();
  });

  io.on('connection', (socket) => {
    counts.connects += 1;
    socket.emit('authenticated', { entityId: socket.data.entityId as string, timestamp: opts.now() });
    socket.on(String(ROOM_JOINING), (payload: unknown) => joinChannel(socket, payload, counts));
    socket.on('message', (data: unknown) => {
      const d = asObject(data);
      if (!d || !('type' in d) || !('payload' in d)) return;
      if (d.type === ROOM_JOINING) joinChannel(socket, d.payload, counts);
    });
    socket.emit('connection_established', { message: 'Connected to Eliza Socket.IO server', socketId: socket.id });
  });

  return {
    emitToChannel(channelId, event, payload) {
      io.to(channelId).emit(event, payload);
    },
    stats() {
      const nsp = io.of('/');
      // the adapter also keeps one room per socket, named by its id
      let rooms = 0;
      for (const [room, members] of nsp.adapter.rooms) if (!members.has(room)) rooms += 1;
      return { sockets: nsp.sockets.size, rooms, ...counts };
    },
    resetCounts() {
      counts.connects = 0;
      counts.joins = 0;
    },
    dropConnections() {
      for (const socket of io.of('/').sockets.values()) socket.conn.close();
    },
    async close() {
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}
