/**
 * One Socket.IO connection per facade instance to the ElizaOS server, joining session channels
 * only while someone watches them, once per channel however many watch it.
 *
 * The 1.7.2 protocol has no "leave": a socket stays in a room until it disconnects. A channel
 * nobody watches any more is therefore only left behind locally (its events are dropped); the
 * connection is renewed, leaving every room, once more than `maxStaleJoins` such channels pile up,
 * and closed when nothing has been watched for `idleCloseMs`. After any reconnect every watched
 * channel is joined again. Reconnects back off exponentially (socket.io-client's own reconnection,
 * plus a timer of ours for the cases it does not retry: a refused handshake, a server-side kick).
 */
import { io, type Socket } from 'socket.io-client';
import { InvalidIdError } from '../../errors/classes.js';
import {
  WATCHER_DEFAULTS,
  WatchLimitError,
  type ChannelListener,
  type ChannelWatcherOptions,
  type ChannelWatcherStats,
  type ConnectionListener,
} from './channel-watch-options.js';
import { parseBroadcastEvent, parseChunkEvent, type ElizaChannelEvent } from './socket-events.js';

export * from './channel-watch-options.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** SOCKET_MESSAGE_TYPE.ROOM_JOINING of @elizaos/core. */
const ROOM_JOINING = 1;

export class ChannelWatcher {
  private readonly opts: Required<Omit<ChannelWatcherOptions, 'socketKey' | 'onLog'>> & Pick<ChannelWatcherOptions, 'socketKey' | 'onLog'>;
  private socket: Socket | null = null;
  private readonly watchers = new Map<string, Set<ChannelListener>>();
  private readonly joined = new Set<string>();
  private readonly confirmed = new Set<string>();
  private readonly joinWaiters = new Map<string, Set<(err?: Error) => void>>();
  private readonly connectionListeners = new Set<ConnectionListener>();
  private idleTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryAttempt = 0;
  private closed = false;
  private lastConnectFailed = false;
  private joinsSent = 0;
  private connects = 0;
  private invalidEvents = 0;

  constructor(opts: ChannelWatcherOptions) {
    if (!UUID.test(opts.entityId)) throw new InvalidIdError('eliza', 'entityId', 'must be a UUID');
    this.opts = { ...WATCHER_DEFAULTS, ...opts };
  }

  /** Calls `listener` with every chunk and broadcast of the channel until the returned function is called. */
  watch(channelId: string, listener: ChannelListener): () => void {
    if (this.closed) throw new Error('ChannelWatcher is closed');
    if (typeof channelId !== 'string' || !UUID.test(channelId)) throw new InvalidIdError('eliza', 'channelId', 'must be a UUID');
    let set = this.watchers.get(channelId);
    if (!set) {
      if (this.watchers.size >= this.opts.maxChannels) throw new WatchLimitError(`at most ${this.opts.maxChannels} channels are watched`);
      set = new Set();
      this.watchers.set(channelId, set);
    } else if (set.size >= this.opts.maxListenersPerChannel) {
      throw new WatchLimitError(`at most ${this.opts.maxListenersPerChannel} listeners per channel`);
    }
    const entry: ChannelListener = (e) => listener(e); // its own identity, so one function may watch twice
    set.add(entry);
    this.cancelIdleClose();
    const socket = this.ensureSocket();
    if (socket.connected && !this.joined.has(channelId)) this.join(channelId);
    let active = true;
    const channelSet = set;
    return () => {
      if (!active) return;
      active = false;
      channelSet.delete(entry);
      if (channelSet.size === 0 && this.watchers.get(channelId) === channelSet) {
        this.watchers.delete(channelId);
        this.afterUnwatch();
      }
    };
  }

  /**
   * For a watched channel: resolves once it is joined on the current connection; rejects when
   * `signal` aborts, a connect attempt fails, or the watcher closes.
   */
  whenJoined(channelId: string, signal?: AbortSignal): Promise<void> {
    if (this.confirmed.has(channelId)) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('ChannelWatcher is closed'));
    return new Promise((resolve, reject) => {
      let set = this.joinWaiters.get(channelId);
      if (!set) this.joinWaiters.set(channelId, (set = new Set()));
      const waiters = set;
      const waiter = (err?: Error) => {
        signal?.removeEventListener('abort', onAbort);
        waiters.delete(waiter);
        if (waiters.size === 0 && this.joinWaiters.get(channelId) === waiters) this.joinWaiters.delete(channelId);
        if (err) reject(err);
        else resolve();
      };
      const onAbort = () => waiter(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      waiters.add(waiter);
    });
  }

  isConnected(): boolean {
    return this.socket?.connected ?? false;
  }

  /** Connected, or connecting with no failed attempt since the last connect (worth waiting for a join). */
  isReachable(): boolean {
    return this.isConnected() || !this.lastConnectFailed;
  }

  /** Calls `listener(true|false)` on every connect and disconnect until the returned function is called. */
  onConnectionChange(listener: ConnectionListener): () => void {
    const entry: ConnectionListener = (c) => listener(c);
    this.connectionListeners.add(entry);
    return () => this.connectionListeners.delete(entry);
  }

  stats(): ChannelWatcherStats {
    let listeners = 0;
    for (const set of this.watchers.values()) listeners += set.size;
    return {
      connected: this.isConnected(),
      watchedChannels: this.watchers.size,
      listeners,
      joinedChannels: this.joined.size,
      joinsSent: this.joinsSent,
      connects: this.connects,
      invalidEvents: this.invalidEvents,
    };
  }

  /** Closes the connection and drops every watch; pending `whenJoined` calls reject. */
  close(): void {
    this.closed = true;
    this.cancelIdleClose();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.watchers.clear();
    this.connectionListeners.clear();
    this.socket?.disconnect();
    this.socket?.removeAllListeners();
    this.socket = null;
    this.forgetJoins();
    this.failJoinWaiters(new Error('ChannelWatcher closed'));
  }

  private failJoinWaiters(err: Error): void {
    for (const set of [...this.joinWaiters.values()]) for (const w of [...set]) w(err);
  }

  private ensureSocket(): Socket {
    if (this.socket) {
      if (!this.socket.connected && !this.socket.active) {
        this.lastConnectFailed = false; // a fresh attempt
        this.socket.connect();
      }
      return this.socket;
    }
    const auth: Record<string, string> = { entityId: this.opts.entityId };
    if (this.opts.socketKey) auth.apiKey = this.opts.socketKey;
    const socket = io(this.opts.url, {
      transports: ['websocket'],
      forceNew: true,
      auth,
      reconnectionDelay: this.opts.reconnectDelayMs,
      reconnectionDelayMax: this.opts.reconnectDelayMaxMs,
      randomizationFactor: 0.5,
    });
    socket.on('connect', () => {
      this.lastConnectFailed = false;
      this.forgetJoins();
      this.retryAttempt = 0;
      this.connects += 1;
      for (const channelId of this.watchers.keys()) this.join(channelId);
      this.notify(true);
    });
    socket.on('disconnect', (reason) => {
      this.forgetJoins();
      this.notify(false);
      // socket.io-client reconnects by itself except after a server-side kick or our own disconnect
      if (reason === 'io server disconnect') this.scheduleRetry(reason);
    });
    socket.on('connect_error', (err) => {
      this.lastConnectFailed = true;
      this.failJoinWaiters(new Error('eliza socket: connect failed'));
      this.opts.onLog?.({ level: 'warn', msg: 'eliza socket: connect failed', reason: err.message });
      if (!socket.active) this.scheduleRetry(err.message); // the handshake was refused: no automatic retry
    });
    socket.on('room_joined', (data: unknown) => {
      const channelId = (data as { channelId?: unknown } | null)?.channelId;
      if (typeof channelId !== 'string' || !this.joined.has(channelId)) return;
      this.confirmed.add(channelId);
      const waiters = this.joinWaiters.get(channelId);
      this.joinWaiters.delete(channelId);
      for (const w of [...(waiters ?? [])]) w();
    });
    socket.on('messageStreamChunk', (raw: unknown) => this.dispatch(parseChunkEvent(raw)));
    socket.on('messageBroadcast', (raw: unknown) => this.dispatch(parseBroadcastEvent(raw)));
    this.socket = socket;
    return socket;
  }

  private join(channelId: string): void {
    this.joined.add(channelId);
    this.joinsSent += 1;
    this.socket?.emit('message', { type: ROOM_JOINING, payload: { channelId } });
  }

  private dispatch(event: ElizaChannelEvent | null): void {
    if (!event) {
      this.invalidEvents += 1;
      return;
    }
    const set = this.watchers.get(event.channelId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // one listener's failure is not the others' concern
      }
    }
  }

  private afterUnwatch(): void {
    if (this.watchers.size === 0) {
      this.scheduleIdleClose();
      return;
    }
    let stale = 0;
    for (const channelId of this.joined) if (!this.watchers.has(channelId)) stale += 1;
    if (stale > this.opts.maxStaleJoins && this.socket?.connected) {
      // leave every room by reconnecting; `connect` joins the watched channels again
      this.socket.disconnect();
      this.socket.connect();
    }
  }

  private scheduleIdleClose(): void {
    this.cancelIdleClose();
    const closeIdle = () => {
      this.idleTimer = null;
      if (this.watchers.size > 0 || !this.socket) return;
      this.socket.disconnect();
      this.forgetJoins();
    };
    if (this.opts.idleCloseMs <= 0) closeIdle();
    else {
      this.idleTimer = setTimeout(closeIdle, this.opts.idleCloseMs);
      this.idleTimer.unref();
    }
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private scheduleRetry(reason: string): void {
    if (this.retryTimer || this.closed || this.watchers.size === 0) return;
    const base = Math.min(this.opts.reconnectDelayMaxMs, this.opts.reconnectDelayMs * 2 ** this.retryAttempt);
    const delay = Math.round(base * (0.5 + Math.random()));
    this.retryAttempt = Math.min(this.retryAttempt + 1, 30);
    this.opts.onLog?.({ level: 'info', msg: `eliza socket: reconnecting in ${delay} ms`, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && this.watchers.size > 0 && this.socket && !this.socket.connected) this.socket.connect();
    }, delay);
    this.retryTimer.unref();
  }

  private forgetJoins(): void {
    this.joined.clear();
    this.confirmed.clear();
  }

  private notify(connected: boolean): void {
    for (const l of [...this.connectionListeners]) {
      try {
        l(connected);
      } catch {
        // ignore
      }
    }
  }
}
