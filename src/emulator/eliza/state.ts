import type { EmulatorControls } from '../controls.js';
import type { ElizaAgent } from './agents.js';
import type { GlobalConfig } from './config.js';
import type { RateLimiter } from './middleware.js';
import type { ElizaStore } from './store.js';

export interface ElizaState {
  store: ElizaStore;
  g: GlobalConfig;
  controls: EmulatorControls;
  agents: ElizaAgent[];
  apiKey: string | undefined;
  rateLimiter: RateLimiter | null;
  replyDelayMs: number;
  /** Monotonic start time (ms) for the health `uptime`. */
  startedAt: number;
  /** Runs `fn` after `ms` (tracked so reset/close can cancel it). */
  schedule(fn: () => void, ms: number): void;
  /** The agent's model: `streams` = reply chunks on the socket, `fails` = the model throws. */
  model: ModelKnobs;
  /** Sends a Socket.IO event to everyone in a channel's room. */
  emitToChannel(channelId: string, event: string, payload: unknown): void;
}

export interface ModelKnobs {
  streams: boolean;
  fails: boolean;
}
