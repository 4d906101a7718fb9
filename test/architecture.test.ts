/**
 * The layout rules the README states, checked on the source itself: imports go one way
 * (server → schema → context/loaders → upstream clients → http), the emulators stand alone,
 * upstream clients never import GraphQL, there is no import cycle, and no file in src/ is over
 * 300 lines.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

interface Import {
  spec: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({ spec: m[3]!, typeOnly: m[2] !== undefined }));
}

const files = walk(SRC);
const rel = (file: string) => relative(SRC, file).split('\\').join('/');
const graph = new Map<string, Array<{ target: string; typeOnly: boolean }>>();
const packages = new Map<string, string[]>();
for (const file of files) {
  const local: Array<{ target: string; typeOnly: boolean }> = [];
  const external: string[] = [];
  for (const imp of importsOf(file)) {
    if (imp.spec.startsWith('.')) {
      local.push({ target: rel(resolve(dirname(file), imp.spec).replace(/\.js$/, '.ts')), typeOnly: imp.typeOnly });
    } else if (!imp.typeOnly) {
      external.push(imp.spec);
    }
  }
  graph.set(rel(file), local);
  packages.set(rel(file), external);
}

/** `errors/classes.ts` (plain error classes, no GraphQL) is the base every layer may throw from. */
const area = (path: string) =>
  path === 'errors/classes.ts' ? 'error-classes' : path.includes('/') ? path.slice(0, path.indexOf('/')) : path.replace(/\.ts$/, '');
/** Pure id rules of an upstream, which input checks in domain/ share with the clients. */
const isIdRule = (path: string) => /^upstream\/[a-z]+\/ids\.ts$/.test(path);

/** Which areas each area may import from at run time (type-only imports are free where noted). */
const MAY_IMPORT: Record<string, string[]> = {
  main: ['*'],
  // the default mode's wiring (emulators, dev identity, data folder), started by main.ts
  dev: ['auth', 'emulator', 'server', 'config', 'domain'],
  config: [],
  server: ['schema', 'context', 'loaders', 'state', 'domain', 'errors', 'upstream', 'auth', 'config', 'observability', 'emulator'],
  schema: ['context', 'loaders', 'state', 'domain', 'errors', 'upstream', 'auth', 'config'],
  context: ['loaders', 'state', 'domain', 'errors', 'upstream', 'auth', 'config'],
  loaders: ['state', 'domain', 'errors', 'upstream', 'config'],
  state: ['domain', 'errors', 'upstream', 'config'],
  errors: ['domain'],
  'error-classes': [],
  domain: ['errors'],
  upstream: ['config'],
  auth: ['config', 'domain'],
  // metrics and traces sit beside the server: they read its access entries and the loaders' batch sizes
  observability: ['server', 'loaders', 'config', 'errors', 'upstream'],
  emulator: [],
};

describe('source layout', () => {
  it('imports go one way between areas', () => {
    const wrong: string[] = [];
    for (const [from, targets] of graph) {
      const a = area(from);
      const allowed = MAY_IMPORT[a];
      for (const { target, typeOnly } of targets) {
        const b = area(target);
        if (a === b || (b === 'error-classes' && a !== 'emulator')) continue;
        if (a === 'domain' && isIdRule(target)) continue;
        // Type-only imports of upstream payload types are how pure domain code names its inputs.
        if (typeOnly && (a === 'domain' || a === 'errors') && b === 'upstream') continue;
        if (allowed === undefined || !(allowed.includes('*') || allowed.includes(b))) wrong.push(`${from} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the emulators import nothing from the rest of src', () => {
    const wrong = [...graph].flatMap(([from, t]) =>
      area(from) === 'emulator' ? t.filter((x) => area(x.target) !== 'emulator').map((x) => `${from} → ${x.target}`) : [],
    );
    expect(wrong).toEqual([]);
  });

  it('upstream clients never import GraphQL or Pothos', () => {
    const wrong = [...packages].flatMap(([from, pkgs]) =>
      area(from) === 'upstream' ? pkgs.filter((p) => p === 'graphql' || p.startsWith('@pothos/') || p === 'graphql-yoga').map((p) => `${from} → ${p}`) : [],
    );
    expect(wrong).toEqual([]);
  });

  it('has no import cycle (type-only imports included)', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, 'open');
      stack.push(node);
      for (const { target } of graph.get(node) ?? []) {
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].join(' → '));
        else if (!state.has(target) && graph.has(target)) visit(target);
      }
      stack.pop();
      state.set(node, 'done');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it('no file in src/ is over 300 lines', () => {
    const long = files
      .map((f) => ({ f: rel(f), lines: readFileSync(f, 'utf8').split('\n').length - 1 }))
      .filter((x) => x.lines > 300)
      .map((x) => `${x.f}: ${x.lines}`);
    expect(long).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect([...graph.values()].flat().length).toBeGreaterThan(100);
  });
});
