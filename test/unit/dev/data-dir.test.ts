/**
 * The data folder of the default mode, on the real file system: the dev signing key (created once,
 * 0600, the same key on every later start, replaced with a warning when broken) and the debounced
 * saver of the demo data.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDevIdentityProvider } from '../../../src/auth/dev-idp.js';
import { createVerifier } from '../../../src/auth/verify.js';
import { createDataSaver, DEV_KEY_FILE, loadOrCreateDevKey, readDataFile } from '../../../src/dev/data-dir.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'data-dir-'));

describe('the dev signing key', () => {
  it('is created on first use in a new folder, readable by its owner only', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const warnings: string[] = [];
    const key = await loadOrCreateDevKey(dir, (m) => warnings.push(m));
    expect(statSync(join(dir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(dir, DEV_KEY_FILE), 'utf8'))).toEqual(key);
    expect(warnings).toEqual([]);
  });

  it('is the same key on the next start, so tokens issued before still verify', async () => {
    const dir = tempDir();
    const before = await createDevIdentityProvider({ privateKey: await loadOrCreateDevKey(dir, () => {}) });
    const token = await before.issue('alice');
    const after = await createDevIdentityProvider({ privateKey: await loadOrCreateDevKey(dir, () => {}) });
    const verify = createVerifier({ jwks: after.jwks, issuer: after.issuer, audience: after.audience });
    const r = await verify(new Headers({ authorization: `Bearer ${token}` }));
    expect(r.ok && r.caller.subject).toBe('alice');
  });

  it('two processes starting at once end up with one key', async () => {
    const dir = tempDir();
    const [a, b] = await Promise.all([loadOrCreateDevKey(dir, () => {}), loadOrCreateDevKey(dir, () => {})]);
    expect(a).toEqual(b);
  });

  it('is replaced, with a warning, when the file holds no key', async () => {
    for (const content of ['not json', '{"kty":"oct","k":"c2VjcmV0"}', '{"kty":"EC","crv":"P-256","x":"a","y":"b"}']) {
      const dir = tempDir();
      writeFileSync(join(dir, DEV_KEY_FILE), content);
      const warnings: string[] = [];
      const key = await loadOrCreateDevKey(dir, (m) => warnings.push(m));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(DEV_KEY_FILE);
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', d: expect.any(String) });
      expect(JSON.parse(readFileSync(join(dir, DEV_KEY_FILE), 'utf8'))).toEqual(key);
      expect(statSync(join(dir, DEV_KEY_FILE)).mode & 0o777).toBe(0o600);
    }
  });
});

describe('the demo data saver', () => {
  it('saves after changes, once for a burst, and the newest data at flush', async () => {
    const file = join(tempDir(), 'data', 'demo.json');
    let n = 0;
    let snapshots = 0;
    const saver = createDataSaver({
      file,
      delayMs: 20,
      snapshot: () => {
        snapshots += 1;
        return { n };
      },
      onError: (err) => {
        throw err;
      },
    });
    expect(await readDataFile(file)).toEqual({ kind: 'missing' });
    n = 1;
    saver.changed();
    n = 2;
    saver.changed();
    await expect.poll(() => (existsSync(file) ? readFileSync(file, 'utf8') : '')).toBe('{"n":2}');
    expect(snapshots).toBe(1);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    n = 3;
    await saver.flush();
    expect(await readDataFile(file)).toEqual({ kind: 'ok', data: { n: 3 } });
  });

  it('reports a failed write instead of throwing', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'x');
    const errors: unknown[] = [];
    const saver = createDataSaver({ file: join(blocker, 'demo.json'), snapshot: () => ({}), onError: (e) => errors.push(e) });
    await saver.flush();
    expect(errors).toHaveLength(1);
  });

  it('tells a missing file from an unreadable one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{"version":1,');
    expect(await readDataFile(join(dir, 'none.json'))).toEqual({ kind: 'missing' });
    expect(await readDataFile(join(dir, 'broken.json'))).toMatchObject({ kind: 'unreadable', reason: expect.any(String) });
    expect(await readDataFile(dir)).toMatchObject({ kind: 'unreadable' });
  });
});
