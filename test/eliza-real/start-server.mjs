// Starts the real ElizaOS server (@elizaos/server, pinned in ./package.json) on loopback as a test
// upstream for the contract suite. Run it from this folder:
//
//   node start-server.mjs [port]          (or ELIZA_TEST_PORT=<port>; default 3000)
//
// Optional: ELIZA_SERVER_AUTH_TOKEN=<key> makes every /api request require `X-API-KEY: <key>`;
// SERVER_API_KEY=<key> makes every Socket.IO handshake require it (`auth.apiKey` or `x-api-key`).
// ELIZA_TEST_MODEL=streaming gives the agent a model that streams its answer when asked to (as
// streaming providers do). With ELIZA_TEST_MODEL_QUEUE=<file>, each answer first takes the first
// line of that file: `stream` (the default when the file is empty), `whole` (answer in one piece)
// or `fail` (throw). Otherwise the model answers whole, always.
//
// Prints the line `ELIZA_READY <port> <agentId>` on stdout once it accepts requests (the server
// itself prints a few banner lines too; look for that prefix).
// Stop it with SIGTERM (or SIGINT).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.argv[2] ?? process.env.ELIZA_TEST_PORT ?? 3000);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`start-server: invalid port ${String(process.argv[2] ?? process.env.ELIZA_TEST_PORT)}`);
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'eliza-real-'));

// The server loads the first .env file found walking up from its working directory (the repository
// root may well have one, for other purposes). Work from the temp folder, which holds an empty .env,
// so that search ends there and only the variables below apply.
writeFileSync(join(dataDir, '.env'), '');
process.chdir(dataDir);

// The server reads most of these when its module is first evaluated, so they must be set before the
// dynamic import below.
Object.assign(process.env, {
  SERVER_HOST: '127.0.0.1', // otherwise it binds 0.0.0.0
  SERVER_PORT: String(port),
  CENTRAL_MESSAGE_SERVER_URL: `http://127.0.0.1:${port}`, // the agent calls back into the server over HTTP
  SENTRY_DSN: 'disabled', // an empty value does not turn error reporting off; an invalid one does
  ELIZA_UI_ENABLE: 'false',
  ELIZA_DATA_DIR: dataDir,
  PGLITE_DATA_DIR: 'memory://',
  LOG_LEVEL: process.env.ELIZA_TEST_LOG_LEVEL ?? 'warn',
  // Lowered from the default 5 so that the contract suite can observe one real expiry after about a
  // minute. Side effect: the PATCH timeout range message reads "between 1 and 1440 minutes" and
  // create clamps small timeouts to 1 instead of 5.
  SESSION_MIN_TIMEOUT_MINUTES: '1',
  // The expired-session sweep normally runs every 5 minutes; a sweep that falls inside the expiry
  // case's wait would turn its 410 answers into 404. Push it to the maximum (60 minutes), longer
  // than any test run.
  SESSION_CLEANUP_INTERVAL_MINUTES: '60',
});
if (!process.env.ELIZA_SERVER_AUTH_TOKEN) delete process.env.ELIZA_SERVER_AUTH_TOKEN;
if (!process.env.SERVER_API_KEY) delete process.env.SERVER_API_KEY;

// A model plugin answering with fixed strings, so the agent replies without any model provider.
const CANNED_SMALL = '<response><action>REPLY</action></response>';
const CANNED_LARGE = '<response><thought>t</thought><actions>REPLY</actions><text>canned reply</text></response>';

// The streaming variant: with `stream: true` it returns `{ textStream }` (4-character pieces of the
// whole answer, XML included; the runtime forwards only the <text> content as chunks).
const STREAMED_LARGE =
  '<response><thought>t</thought><actions>REPLY</actions><text>canned reply number one</text></response>';
async function* pieces(text) {
  for (let i = 0; i < text.length; i += 4) yield text.slice(i, i + 4);
}
/** Takes the next mode off the queue file (first line), `stream` when there is none. */
function nextMode() {
  const file = process.env.ELIZA_TEST_MODEL_QUEUE;
  if (!file) return 'stream';
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  } catch {
    return 'stream';
  }
  if (lines.length === 0) return 'stream';
  writeFileSync(file, lines.slice(1).map((l) => `${l}\n`).join(''));
  return lines[0].trim();
}
function streamingLarge(_runtime, params) {
  const mode = nextMode();
  if (mode === 'fail') throw new Error('canned model failure');
  if (params?.stream && mode !== 'whole') return { textStream: pieces(STREAMED_LARGE) };
  return STREAMED_LARGE;
}

const streaming = process.env.ELIZA_TEST_MODEL === 'streaming';
const cannedModelPlugin = {
  name: 'canned-model',
  description: 'Fixed model answers for tests',
  priority: 1000,
  models: {
    TEXT_SMALL: async () => CANNED_SMALL,
    TEXT_LARGE: streaming ? async (runtime, params) => streamingLarge(runtime, params) : async () => CANNED_LARGE,
  },
};

const { AgentServer } = await import('@elizaos/server');
const server = new AgentServer();

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(code), 5000);
  force.unref();
  try {
    await server.stop();
  } catch {
    // already stopping
  }
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));

try {
  await server.start({
    port,
    dataDir: 'memory://',
    agents: [
      {
        character: { name: 'TestAgent', bio: ['test'], plugins: [] },
        plugins: [cannedModelPlugin],
      },
    ],
  });
} catch (err) {
  console.error('start-server: failed to start', err);
  await shutdown(1);
}

// The server silently moves to another port when the requested one is taken; the agent would then
// call back to the wrong address, so treat that as a failure.
if (process.env.SERVER_PORT !== String(port)) {
  console.error(`start-server: port ${port} was taken (server moved to ${process.env.SERVER_PORT})`);
  await shutdown(1);
}

const agents = server.getAllAgents();
const agent = agents.find((a) => a.character.name === 'TestAgent');
if (!agent) {
  console.error('start-server: TestAgent did not start');
  await shutdown(1);
}
process.stdout.write(`ELIZA_READY ${port} ${agent.agentId}\n`);
