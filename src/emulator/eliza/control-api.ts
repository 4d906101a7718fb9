/** Optional JSON control API under `/__emulator/` (only with `exposeControls: true`). */
import type { EmulatorControls, FailureRule } from '../controls.js';
import type { EmuRequest, EmuResponse, Route } from '../http.js';

export interface ControlTarget {
  controls: EmulatorControls;
  reset(): void;
  sweep(): { deleted: number; warned: number };
  /** Eliza only: the model knobs. */
  setModel?(knobs: { streams?: boolean; fails?: boolean }): { streams: boolean; fails: boolean };
  /** Eliza only: Socket.IO counts, and dropping every connection. */
  socketStats?(): unknown;
  dropSockets?(): void;
}

async function readJson(req: EmuRequest): Promise<Record<string, unknown>> {
  const bytes = await req.bodyBytes(64 * 1024);
  if (bytes.length === 0) return {};
  const v: unknown = JSON.parse(bytes.toString('utf8'));
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

const ok = (value: unknown): EmuResponse => ({ status: 200, json: value });
const bad = (message: string): EmuResponse => ({ status: 400, json: { error: message } });

export function controlRoutes(target: ControlTarget): Route[] {
  const { controls } = target;
  return [
    { method: 'GET', pattern: '/__emulator/counts', handler: () => ok({ counts: controls.counts(), total: controls.count() }) },
    {
      method: 'POST',
      pattern: '/__emulator/reset',
      handler: () => {
        target.reset();
        controls.resetKnobs();
        return ok({ ok: true });
      },
    },
    { method: 'GET', pattern: '/__emulator/clock', handler: () => ok({ now: controls.clock.now() }) },
    {
      method: 'POST',
      pattern: '/__emulator/clock/advance',
      handler: async (req) => {
        const { ms } = await readJson(req);
        if (typeof ms !== 'number' || !Number.isFinite(ms)) return bad('ms must be a number');
        controls.clock.advance(ms);
        return ok({ now: controls.clock.now() });
      },
    },
    {
      method: 'POST',
      pattern: '/__emulator/latency',
      handler: async (req) => {
        const { ms } = await readJson(req);
        if (typeof ms !== 'number' || !Number.isFinite(ms)) return bad('ms must be a number');
        controls.setLatency(ms);
        return ok({ latencyMs: controls.latency() });
      },
    },
    {
      method: 'POST',
      pattern: '/__emulator/failure',
      handler: async (req) => {
        const { rule } = await readJson(req);
        if (rule === null || rule === undefined) {
          controls.setFailure(null);
          return ok({ failure: null });
        }
        const r = rule as Partial<FailureRule>;
        if (typeof r.status !== 'number' || typeof r.rate !== 'number') return bad('rule needs numeric status and rate');
        controls.setFailure(rule as FailureRule);
        return ok({ failure: rule });
      },
    },
    { method: 'POST', pattern: '/__emulator/sweep', handler: () => ok(target.sweep()) },
    {
      method: 'GET',
      pattern: '/__emulator/sockets',
      handler: () => (target.socketStats ? ok(target.socketStats()) : bad('no sockets')),
    },
    {
      method: 'POST',
      pattern: '/__emulator/sockets/drop',
      handler: () => {
        if (!target.dropSockets) return bad('no sockets');
        target.dropSockets();
        return ok({ ok: true });
      },
    },
    {
      method: 'POST',
      pattern: '/__emulator/model',
      handler: async (req) => {
        if (!target.setModel) return bad('no model knobs');
        const { streams, fails } = await readJson(req);
        const isOptBool = (v: unknown) => v === undefined || typeof v === 'boolean';
        if (!isOptBool(streams) || !isOptBool(fails)) return bad('streams and fails must be booleans');
        return ok({ model: target.setModel({ streams: streams as boolean | undefined, fails: fails as boolean | undefined }) });
      },
    },
  ];
}
