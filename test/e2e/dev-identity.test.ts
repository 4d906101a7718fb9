/**
 * The default mode across restarts, as a developer lives it: `npm start` (here `src/main.ts` in a
 * child process) with a data folder, the printed demo token, a chat created through GraphQL, a
 * restart, and the same token still seeing the same data; `npm run token -- <user>` for a second
 * user who sees none of it; a corrupt data file answered with fresh demo data and a warning.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS } from '../../src/emulator/eliza/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const STARTUP_MS = 90_000;

interface Server {
  url: string;
  demoToken: string;
  /** Everything the process printed so far (banner and JSON log lines). */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/** Starts the server the way `npm start` does, on free ports, with its data in `dataDir`. */
async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', SUMVIN_EMULATOR_PORT: '0', ELIZA_EMULATOR_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server did not start:\n${out}`)), STARTUP_MS);
    const check = () => {
      if (/^Try it:/m.test(out)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: /^GraphQL endpoint: (\S+)$/m.exec(out)![1]!,
    demoToken: /^Demo token:\s+(\S+)$/m.exec(out)![1]!,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      child.kill(signal);
      const code = await exited;
      running.delete(child);
      return code;
    },
  };
}

afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

interface Gql {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function gql(server: Server, token: string, query: string, variables?: Record<string, unknown>): Promise<Gql> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql;
}

const SESSIONS = '{ sessions(first: 50) { totalCount edges { node { id title provider } } } }';
const titles = (r: Gql): string[] => (r.data?.sessions?.edges ?? []).map((e: { node: { title: string } }) => e.node.title);

async function createChat(server: Server, token: string, title: string): Promise<string> {
  const r = await gql(
    server,
    token,
    'mutation ($title: String!) { createChatSession(input: { title: $title, messages: [{ role: USER, parts: [{ text: { text: "kept?" } }] }] }) { session { id title } } }',
    { title },
  );
  expect(r.errors).toBeUndefined();
  return r.data!.createChatSession.session.id as string;
}

describe('dev identity and demo data across restarts', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'dev-identity-')), 'data');
  const first = `Kept across restarts ${process.pid}`;
  const second = `Written just before stopping ${process.pid}`;
  let demoToken: string;
  let keptId: string;

  it(
    'a first start makes the data folder, the 0600 key file and prints the demo agents',
    async () => {
      expect(existsSync(dataDir)).toBe(false);
      const server = await startServer(dataDir);
      try {
        demoToken = server.demoToken;
        const keyFile = join(dataDir, 'dev-idp-key.json');
        expect(statSync(keyFile).mode & 0o777).toBe(0o600);
        expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ kty: 'EC', crv: 'P-256' });
        for (const agent of DEFAULT_AGENTS) expect(server.output()).toMatch(new RegExp(`${agent.name}\\s+${agent.id}`));

        keptId = await createChat(server, demoToken, first);
        // saved on change, without waiting for shutdown
        const dataFile = join(dataDir, 'demo-data.json');
        await expect.poll(() => (existsSync(dataFile) ? readFileSync(dataFile, 'utf8') : ''), { timeout: 20_000 }).toContain(first);
        expect(statSync(dataFile).mode & 0o777).toBe(0o600);
        // and at shutdown: this one is written right before the stop signal
        await createChat(server, demoToken, second);
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0);
      }
      expect(readFileSync(join(dataDir, 'demo-data.json'), 'utf8')).toContain(second);
    },
    STARTUP_MS + 60_000,
  );

  it(
    'after a restart the old demo token still works and sees the data written before',
    async () => {
      const server = await startServer(dataDir);
      try {
        expect(server.output()).toContain('demo data restored');
        const r = await gql(server, demoToken, SESSIONS);
        expect(r.errors).toBeUndefined();
        expect(titles(r)).toEqual(expect.arrayContaining([first, second, 'Planning a trip to Lisbon']));
        const node = await gql(server, demoToken, 'query ($id: ID!) { session(id: $id) { title } }', { id: keptId });
        expect(node.data?.session).toEqual({ title: first });

        // a second user, by `npm run token -- <user>`: a working token that sees none of it
        const cli = spawnSync('npm', ['run', '-s', 'token', '--', 'other-user'], {
          cwd: ROOT,
          env: { ...process.env, DATA_DIR: dataDir },
          encoding: 'utf8',
          timeout: 60_000,
        });
        expect(cli.status, cli.stderr).toBe(0);
        const other = cli.stdout.trim();
        expect(other).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const mine = await gql(server, other, SESSIONS);
        expect(mine.errors).toBeUndefined();
        expect(mine.data!.sessions.totalCount).toBe(0);
        expect(titles(mine)).toEqual([]);
        const foreign = await gql(server, other, 'query ($id: ID!) { session(id: $id) { title } }', { id: keptId });
        expect(foreign.data?.session ?? null).toBeNull();
        expect(JSON.stringify(foreign)).not.toContain(first);
        // the new user's own writes are theirs
        await createChat(server, other, 'Other user chat');
        expect(titles(await gql(server, other, SESSIONS))).toEqual(['Other user chat']);
        expect(titles(await gql(server, demoToken, SESSIONS))).not.toContain('Other user chat');
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0);
      }
    },
    STARTUP_MS + 90_000,
  );

  it(
    'a corrupt data file gives fresh demo data and a warning, not a crash',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'dev-identity-corrupt-'));
      writeFileSync(join(dir, 'demo-data.json'), '{"version":1,"sumvin":{"version":1,"sessions":[{"id":');
      const server = await startServer(dir);
      try {
        const warning = server
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { level: number; msg: string })
          .find((l) => l.msg.includes('demo data file unreadable'));
        expect(warning?.level).toBe(40);
        const r = await gql(server, server.demoToken, SESSIONS);
        expect(r.errors).toBeUndefined();
        expect(titles(r)).toContain('Planning a trip to Lisbon');
        expect(new Set(r.data!.sessions.edges.map((e: { node: { provider: string } }) => e.node.provider))).toEqual(new Set(['SUMVIN', 'ELIZA']));
        // the unreadable file is kept aside, not destroyed
        expect(readFileSync(join(dir, 'demo-data.json.unreadable'), 'utf8')).toContain('"sessions":[{"id":');
      } finally {
        expect(await server.stop('SIGTERM')).toBe(0);
      }
    },
    STARTUP_MS + 30_000,
  );
});
