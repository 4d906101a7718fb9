/**
 * Polls per watched Sumvin session per minute, with the default poll settings (2 s right after
 * activity, doubling to 30 s while quiet). Time is scaled down 100 times (20 ms to 300 ms) so the
 * run takes seconds; the figures are given at real scale. Run: `npx tsx test/bench/live-polls.ts`.
 */
import { createMemoryStore } from '../../src/state/memory-store.js';
import { POLL_DEFAULTS, SumvinPollers } from '../../src/state/live/sumvin-poll.js';

const SCALE = 100;
const MINUTES = Number(process.env.LIVE_POLL_MINUTES ?? 5);

async function run(label: string, activityEverySeconds: number | null): Promise<void> {
  const store = createMemoryStore();
  const pollers = new SumvinPollers(store.locks, { minMs: POLL_DEFAULTS.minMs / SCALE, maxMs: POLL_DEFAULTS.maxMs / SCALE });
  let reads = 0;
  const stop = pollers.watch('owner:session', async () => {
    reads += 1;
    return { total: 0 };
  });
  const activity = activityEverySeconds === null ? null : setInterval(() => pollers.touch('owner:session'), (activityEverySeconds * 1000) / SCALE);
  await new Promise((r) => setTimeout(r, (MINUTES * 60_000) / SCALE));
  if (activity) clearInterval(activity);
  stop();
  pollers.close();
  await store.close();
  process.stdout.write(`${label.padEnd(40)} ${(reads / MINUTES).toFixed(1)} polls per minute (${reads} in ${MINUTES} min)\n`);
}

await run('quiet session', null);
await run('a write through the facade every 60 s', 60);
await run('a write through the facade every 10 s', 10);
