/**
 * Raw Socket.IO test clients for an ElizaOS server (the emulator or the real one): connect with a
 * handshake, record every event, join channels, and a barrier that proves no event is still on the
 * way (without sleeping).
 */
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

export interface RecordedEvent {
  event: string;
  data: unknown;
}

export interface TestSocket {
  socket: Socket;
  /** Every event received since connect, in order (handshake events included). */
  events: RecordedEvent[];
  /** The events named `name`, in order. */
  named(name: string): unknown[];
  /** Resolves with the first event `name` (already received or future) matching `pred`. */
  next(name: string, pred?: (data: any) => boolean): Promise<any>;
  /** Joins with `emit('message', {type: 1, payload})` (or `emit('1', payload)`), resolves on `room_joined`. */
  join(channelId: string, how?: 'message' | 'numeric', extra?: Record<string, unknown>): Promise<any>;
  /**
   * Joins a fresh, unused channel and waits for the answer: every event the server sent this
   * socket before it handled the join has then arrived (one connection keeps order).
   */
  barrier(): Promise<void>;
  close(): void;
}

export interface ConnectOptions {
  entityId?: unknown;
  apiKey?: string;
  headers?: Record<string, string>;
  /** Omit `auth` entirely. */
  noAuth?: boolean;
}

function wrap(socket: Socket): TestSocket {
  const events: RecordedEvent[] = [];
  const waiters: Array<{ name: string; pred: (d: any) => boolean; resolve: (d: any) => void }> = [];
  socket.onAny((event: string, data: unknown) => {
    events.push({ event, data });
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i]!;
      if (w.name === event && w.pred(data)) {
        waiters.splice(i, 1);
        w.resolve(data);
      }
    }
  });
  const t: TestSocket = {
    socket,
    events,
    named: (name) => events.filter((e) => e.event === name).map((e) => e.data),
    next(name, pred = () => true) {
      const seen = events.find((e) => e.event === name && pred(e.data));
      if (seen) return Promise.resolve(seen.data);
      return new Promise((resolve) => waiters.push({ name, pred, resolve }));
    },
    join(channelId, how = 'message', extra = {}) {
      const joined = t.next('room_joined', (d) => d?.channelId === channelId);
      if (how === 'message') socket.emit('message', { type: 1, payload: { channelId, ...extra } });
      else socket.emit('1', { roomId: channelId, ...extra });
      return joined;
    },
    async barrier() {
      await t.join(randomUUID());
    },
    close: () => {
      socket.disconnect();
    },
  };
  return t;
}

function makeSocket(url: string, opts: ConnectOptions): Socket {
  const auth: Record<string, unknown> = {};
  if (opts.entityId !== undefined) auth.entityId = opts.entityId;
  if (opts.apiKey !== undefined) auth.apiKey = opts.apiKey;
  return io(url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...(opts.noAuth ? {} : { auth }),
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
  });
}

/** Connects and waits for `connection_established` (the last handshake event). */
export async function connectSocket(url: string, opts: ConnectOptions = { entityId: randomUUID() }): Promise<TestSocket> {
  const socket = makeSocket(url, opts);
  const t = wrap(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
    void t.next('connection_established').then(() => resolve());
  });
  return t;
}

/** Tries to connect and resolves with the `connect_error` message (rejects if it connects). */
export function connectError(url: string, opts: ConnectOptions): Promise<string> {
  const socket = makeSocket(url, opts);
  return new Promise((resolve, reject) => {
    socket.once('connect_error', (err) => {
      socket.disconnect();
      resolve(err.message);
    });
    socket.once('connect', () => {
      socket.disconnect();
      reject(new Error('connected, expected a connect_error'));
    });
  });
}
