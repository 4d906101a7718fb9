/**
 * The reference chat page (development only): `GET /demo` and its script `GET /demo/app.js`,
 * bundled from demo/ with esbuild when the server starts (esbuild is a development dependency, so
 * it is imported only here, and only outside production). The page talks to the server through
 * the public GraphQL endpoint like any other client.
 */
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

const ENTRY = fileURLToPath(new URL('../../demo/main.ts', import.meta.url));

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function html(endpoint: string, token: string | undefined): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="graphql-endpoint" content="${escapeAttr(endpoint)}">
<meta name="demo-token" content="${escapeAttr(token ?? '')}">
<title>sessions-graphql: chat</title>
<link rel="stylesheet" href="/demo/app.css">
</head>
<body>
<div id="app"></div>
<script type="module" src="/demo/app.js"></script>
</body>
</html>
`;
}

/** Builds the page's script; resolves to a yoga plugin that serves the page. */
export async function demoPagePlugin(opts: { endpoint: string; token?: string }): Promise<Plugin> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    legalComments: 'none',
    loader: { '.css': 'css' },
    logLevel: 'silent',
  });
  const file = (ext: string) => built.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  const assets: Record<string, { body: string; type: string }> = {
    '/demo': { body: html(opts.endpoint, opts.token), type: 'text/html; charset=utf-8' },
    '/demo/app.js': { body: file('.js'), type: 'text/javascript; charset=utf-8' },
    '/demo/app.css': { body: file('.css'), type: 'text/css; charset=utf-8' },
  };
  return {
    onRequest({ url, request, endResponse }) {
      const asset = assets[url.pathname.replace(/\/$/, '')];
      if (!asset || request.method !== 'GET') return;
      endResponse(new Response(asset.body, { headers: { 'content-type': asset.type, 'cache-control': 'no-store' } }));
    },
  };
}
