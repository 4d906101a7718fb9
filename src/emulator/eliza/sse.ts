/** Server-sent events as the real server writes them for `transport: "sse"`. */
import type { ServerResponse } from 'node:http';

export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Writes the head, then each event on its own tick, then ends the response. */
export async function writeSse(
  res: ServerResponse,
  headers: Record<string, string>,
  events: Array<{ event: string; data: unknown }>,
): Promise<void> {
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  res.flushHeaders();
  for (const e of events) {
    if (res.destroyed) return;
    res.write(sseEvent(e.event, e.data));
    await tick();
  }
  res.end();
}
