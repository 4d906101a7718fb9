/**
 * Bench child: the floor under the facade's CPU per simple query. A bare Node HTTP server that
 * answers `session(id) { title }` for one fixed Sumvin session as a hand-written proxy would: read
 * the JSON body, one undici GET of the session with the caller's bearer token, write
 * `{"data":{"session":{"title":…}}}`. No GraphQL, no token check, no limits: what Node's HTTP
 * server and client alone cost for the same upstream call on this machine. BENCH_SUMVIN_URL and
 * BENCH_SUMVIN_SESSION say where; commands (usage, stop) arrive over IPC as for the facade.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = new Pool(process.env.BENCH_SUMVIN_URL, { connections: 50 });
const path = `/v0/chat/sessions/${encodeURIComponent(process.env.BENCH_SUMVIN_SESSION ?? '')}`;

const server = createServer(async (req, res) => {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const answer = await upstream.request({ path, method: 'GET', headers: { authorization: req.headers.authorization ?? '', accept: 'application/json' } });
    const session = await answer.body.json();
    const out = JSON.stringify({ data: { session: { title: session.title ?? null } } });
    res.writeHead(answer.statusCode === 200 ? 200 : 502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  } catch {
    res.writeHead(500).end();
  }
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${address.port}/graphql`, node: process.versions.node });
});

const stop = () => {
  server.close();
  server.closeAllConnections();
  void upstream.close().finally(() => process.exit(0));
};
process.on('message', (msg) => {
  const result = msg.cmd === 'usage' ? { cpu: process.cpuUsage(), rss: process.memoryUsage().rss, heapUsed: 0, maxRss: process.resourceUsage().maxRSS * 1024 } : true;
  process.send?.({ id: msg.id, ok: true, result });
  if (msg.cmd === 'stop') stop();
});
process.on('disconnect', stop);
