// Starts the real ElizaOS server (@elizaos/server, pinned in ./package.json) on loopback as a test
// upstream for the contract suite. Run it from this folder:
//
//   node start-server.mjs [port]          (or ELIZA_TEST_PORT=<port>; default 3000)
//
// Optional: ELIZA_SERVER_AUTH_TOKEN=<key> makes every /api request require `X-API-KEY: <key>`.
//
// Prints the line `ELIZA_READY <port> <agentId>` on stdout once it accepts requests (the server
// itself prints a few banner lines too; look for that prefix).
// Stop it with SIGTERM (or SIGINT).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

// A model plugin answering with fixed strings, so the agent replies without any model provider.
const cannedModelPlugin = {
  name: 'canned-model',
  description: 'Fixed model answers for tests',
  priority: 1000,
  models: {
    TEXT_SMALL: async () => '<response><action>REPLY</action></response>',
    TEXT_LARGE: async () =>
      '<response><thought>t</thought><actions>REPLY</actions><text>canned reply</text></response>',
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
