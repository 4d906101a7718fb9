/**
 * The measurements behind the read planner's Sumvin rules (README "Upstream calls per screen"):
 * calls, sequential round trips, bytes and time of each plan, straight against the emulator with
 * 10 ms added latency. `npx tsx test/bench/plans.ts`
 */
import { createDevIdentityProvider } from '../../src/auth/dev-idp.js';
import { startSumvinEmulator } from '../../src/emulator/sumvin/index.js';

const LATENCY = 10;
const RUNS = 15;
const idp = await createDevIdentityProvider();
const emu = await startSumvinEmulator({ jwks: idp.jwks as { keys: object[] }, issuer: idp.issuer, audience: idp.audience });
const headers = { 'x-juno-jwt': await idp.issue('bench') };

async function get(path: string): Promise<{ bytes: number; body: any }> {
  const res = await fetch(`${emu.url}${path}`, { headers });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
  return { bytes: Buffer.byteLength(text), body: JSON.parse(text) };
}

async function seed(user: string, sessions: number, messages: number): Promise<void> {
  const h = { 'content-type': 'application/json', 'x-juno-jwt': await idp.issue(user) };
  for (let s = 0; s < sessions; s++) {
    const msgs = Array.from({ length: messages }, (_, i) => ({
      id: `m${i}`,
      role: i % 2 ? 'assistant' : 'user',
      parts: [{ type: 'text', text: `A message of ordinary length, number ${i}, in session ${s}: about eighty characters.` }],
    }));
    const res = await fetch(`${emu.url}/v0/chat/sessions`, { method: 'POST', headers: h, body: JSON.stringify({ id: `cs-${user}-${s}`, title: `session ${s}`, messages: msgs }) });
    if (!res.ok) throw new Error(await res.text());
  }
}

async function timed(run: () => Promise<number>): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    bytes = await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(RUNS / 2)]!, bytes };
}

const rows: string[][] = [];
for (const m of [3, 10, 30, 100, 300]) {
  const user = `u${m}`;
  await seed(user, 21, m);
  headers['x-juno-jwt'] = await idp.issue(user);
  emu.controls.setLatency(LATENCY);
  // the inbox: 20 sessions (+1 to see a next page) with the last 3 messages of each
  const expand = await timed(async () => (await get('/v0/chat/sessions?offset=0&limit=21&expand=messages')).bytes);
  const plain = await timed(async () => {
    const list = await get('/v0/chat/sessions?offset=0&limit=21');
    const windows = await Promise.all(
      (list.body.sessions as Array<{ id: string; message_count: number }>).slice(0, 20).map((s) =>
        get(`/v0/chat/sessions/${s.id}/messages?offset=${Math.max(0, s.message_count - 3)}&limit=3`),
      ),
    );
    return list.bytes + windows.reduce((a, w) => a + w.bytes, 0);
  });
  rows.push([`inbox + last 3, ${m} msgs/session`, `1 / 1 / ${expand.bytes} / ${expand.ms.toFixed(1)}`, `21 / 2 / ${plain.bytes} / ${plain.ms.toFixed(1)}`]);
  // open a conversation: the session and its newest 50
  const one = `cs-${user}-0`;
  const openExpand = await timed(async () => (await get(`/v0/chat/sessions/${one}?expand=messages`)).bytes);
  const openPlain = await timed(async () => {
    const s = await get(`/v0/chat/sessions/${one}`);
    const n = s.body.session.message_count as number;
    return s.bytes + (await get(`/v0/chat/sessions/${one}/messages?offset=${Math.max(0, n - 50)}&limit=50`)).bytes;
  });
  rows.push([`open + newest 50, ${m} msgs`, `1 / 1 / ${openExpand.bytes} / ${openExpand.ms.toFixed(1)}`, `2 / 2 / ${openPlain.bytes} / ${openPlain.ms.toFixed(1)}`]);
  emu.controls.setLatency(0);
}
console.log(`| work | expand: calls / round trips / bytes / p50 ms | plain: calls / round trips / bytes / p50 ms |\n|---|---|---|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
await emu.close();
