/** Options, limits and counters of the ChannelWatcher (channel-watch.ts). */
import type { ElizaChannelEvent } from './socket-events.js';

export interface ChannelWatcherOptions {
  /** The Eliza server origin (Socket.IO runs on the HTTP port, path `/socket.io/`). */
  url: string;
  /** The facade's fixed service entity id (a UUID), sent as `auth.entityId`. */
  entityId: string;
  /** The server's SERVER_API_KEY, when it sets one; sent as `auth.apiKey`. */
  socketKey?: string;
  /** Reconnect backoff: first delay, and the cap. Default 500 ms and 10 s. */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** How long the connection stays open with nothing watched. Default 30 s; 0 = close at once. */
  idleCloseMs?: number;
  /** Joined channels nobody watches any more before the connection is renewed. Default 256. */
  maxStaleJoins?: number;
  /** Channels watched at once. Default 10,000. */
  maxChannels?: number;
  /** Listeners per channel. Default 1,000. */
  maxListenersPerChannel?: number;
  /** Connection news for logs; carries no keys. */
  onLog?: (entry: { level: 'info' | 'warn'; msg: string; reason?: string }) => void;
}

export const WATCHER_DEFAULTS = {
  reconnectDelayMs: 500,
  reconnectDelayMaxMs: 10_000,
  idleCloseMs: 30_000,
  maxStaleJoins: 256,
  maxChannels: 10_000,
  maxListenersPerChannel: 1_000,
};

export type ChannelListener = (event: ElizaChannelEvent) => void;
export type ConnectionListener = (connected: boolean) => void;

export interface ChannelWatcherStats {
  connected: boolean;
  /** Channels with at least one listener. */
  watchedChannels: number;
  listeners: number;
  /** Channels joined on the current connection, watched or not. */
  joinedChannels: number;
  /** Join requests sent since start. */
  joinsSent: number;
  /** Successful connects since start. */
  connects: number;
  /** Events dropped because they did not parse. */
  invalidEvents: number;
}

/** `watch` refused: too many channels, or too many listeners on one channel. */
export class WatchLimitError extends Error {
  override name = 'WatchLimitError';
}
