import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../src/schema/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe('committed schema and generated types', () => {
  it('schema.graphql equals the schema printed from the code (run `npm run schema` after a change)', () => {
    const committed = readFileSync(join(root, 'schema.graphql'), 'utf8');
    expect(printedSchema()).toBe(committed);
  });

  it('test/__generated__ is up to date with schema.graphql and the operations (run `npm run codegen`)', () => {
    const bin = join(root, 'node_modules', '.bin', 'graphql-codegen');
    const run = spawnSync(bin, ['--config', 'codegen.ts', '--check'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  }, 120_000);

  it('the whole project type-checks', () => {
    const bin = join(root, 'node_modules', '.bin', 'tsc');
    const run = spawnSync(bin, ['--noEmit', '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8', timeout: 180_000 });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 180_000);
});
