/**
 * Bench child: a floor under the facade's CPU per simple query. It answers `session(id) { title }`
 * for one fixed Sumvin session with one undici GET of the session, the caller's bearer token passed
 * on, and no token check, no limits, no metrics. BENCH_FLOOR says how:
 * - `node` (default): a bare Node HTTP server, as a hand-written proxy would: read the JSON body,
 *   make the call, write `{"data":{"session":{"title":…}}}`. What Node's HTTP server and client
 *   alone cost for that call on this machine.
 * - `yoga`: graphql-yoga with production settings and a two-type schema whose one resolver makes
 *   the call. What the server framework the facade is built on costs for the same query, before
 *   any of the facade's own code.
 * BENCH_SUMVIN_URL and BENCH_SUMVIN_SESSION say where; commands (usage, stop) arrive over IPC as
 * for the facade.
 */
import { createServer } from 'node:http';
import { Pool } from 'undici';

process.env.NODE_ENV = 'production';
const kind = process.env.BENCH_FLOOR ?? 'node';
const upstream = new Pool(process.env.BENCH_SUMVIN_URL, { connections: 50 });
const path = `/v0/chat/sessions/${encodeURIComponent(process.env.BENCH_SUMVIN_SESSION ?? '')}`;

/** The session's title, read with the caller's Authorization header. */
async function readTitle(authorization) {
  const answer = await upstream.request({ path, method: 'GET', headers: { authorization: authorization ?? '', accept: 'application/json' } });
  const session = await answer.body.json();
  if (answer.statusCode !== 200) throw new Error(`upstream answered ${answer.statusCode}`);
  return session.title ?? null;
}

async function nodeHandler(req, res) {
  try {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const out = JSON.stringify({ data: { session: { title: await readTitle(req.headers.authorization) } } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  } catch {
    res.writeHead(500).end();
  }
}

async function yogaHandler() {
  const { createYoga, createSchema } = await import('graphql-yoga');
  return createYoga({
    graphqlEndpoint: '/graphql',
    graphiql: false,
    logging: false,
    schema: createSchema({
      typeDefs: 'type Query { session(id: ID!): Session } type Session { title: String }',
      resolvers: { Query: { session: async (_root, _args, ctx) => ({ title: await readTitle(ctx.request.headers.get('authorization')) }) } },
    }),
  });
}

const server = createServer(kind === 'yoga' ? await yogaHandler() : nodeHandler);
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
