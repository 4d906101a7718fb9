/**
 * The facade as its own process (`src/main.ts` under tsx), configured through the environment
 * like a deployment: real upstream URLs (here the emulators), a JWKS URL, and optionally Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { JSONWebKeySet } from 'jose';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FacadeProcess {
  url: string;
  /** POSTs a GraphQL operation with a bearer token. */
  gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> | undefined, token: string): Promise<{ status: number; body: { data?: T; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }>;
  stop(): Promise<void>;
}

export async function startFacadeProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<FacadeProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', GRAPHIQL: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`facade did not start: ${stderr}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /GraphQL endpoint: (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`facade exited with ${code}: ${stderr}`));
    });
  });
  child.stdout!.resume();
  return {
    url,
    async gql(query, variables, token) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return { status: res.status, body: (await res.json()) as never };
    },
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}

/** Serves a JWKS over loopback HTTP, as an identity provider would. */
export async function serveJwks(jwks: JSONWebKeySet): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
