/**
 * The local data folder of the default (emulated) mode: the dev identity provider's signing key
 * and the emulators' demo data, so tokens and data outlive a restart. Git-ignored; never used
 * with real upstreams.
 */
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { JWK } from 'jose';
import { generateDevKey, isDevKey } from '../auth/dev-idp.js';

export const DEV_KEY_FILE = 'dev-idp-key.json';
export const DEMO_DATA_FILE = 'demo-data.json';

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function ensureDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** Writes through a temporary file and a rename, so a crash never leaves half a file. */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, text, { mode });
  await chmod(tmp, mode);
  await rename(tmp, file);
}

/**
 * The dev signing key from `<dataDir>/dev-idp-key.json` (a private JWK, file mode 0600), created on
 * first use. A file that is not such a key is replaced by a new one, with a warning: tokens signed
 * before stop working, nothing else is lost.
 */
export async function loadOrCreateDevKey(dataDir: string, warn: (message: string) => void): Promise<JWK> {
  await ensureDir(dataDir);
  const file = join(dataDir, DEV_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isDevKey(parsed)) return parsed;
    warn(`${file} does not hold a dev signing key; making a new one (tokens issued before stop working)`);
    const key = await generateDevKey();
    await writeFileAtomic(file, `${JSON.stringify(key, null, 2)}\n`);
    return key;
  }
  const key = await generateDevKey();
  // written whole, then linked into place, which fails if the file exists: when two processes
  // start at once, both end up with the first one's key, and neither ever reads half a file
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(tmp, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600 });
  await chmod(tmp, 0o600);
  try {
    await link(tmp, file);
    return key;
  } catch (err) {
    if (errno(err) !== 'EEXIST') throw err;
    return loadOrCreateDevKey(dataDir, warn);
  } finally {
    await unlink(tmp).catch(() => {});
  }
}

export type StoredData = { kind: 'missing' } | { kind: 'ok'; data: unknown } | { kind: 'unreadable'; reason: string };

/** Reads a JSON data file: missing, parsed, or unreadable (with why). */
export async function readDataFile(file: string): Promise<StoredData> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (errno(err) === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    return { kind: 'ok', data: JSON.parse(text) as unknown };
  } catch (err) {
    return { kind: 'unreadable', reason: err instanceof Error ? err.message : String(err) };
  }
}

/** Moves an unreadable data file aside (to `<file>.unreadable`) so the next save does not destroy it. */
export async function setAside(file: string): Promise<string | undefined> {
  try {
    await rename(file, `${file}.unreadable`);
    return `${file}.unreadable`;
  } catch {
    return undefined;
  }
}

export interface DataSaver {
  /** Something changed: save within `delayMs` (changes in the meantime share one write). */
  changed(): void;
  /** Saves now and waits for every write to finish (at shutdown). */
  flush(): Promise<void>;
}

/** Saves `snapshot()` as JSON to `file`, at most once per `delayMs` while changes keep coming. */
export function createDataSaver(opts: {
  file: string;
  snapshot: () => unknown;
  delayMs?: number;
  onError: (err: unknown) => void;
}): DataSaver {
  const delayMs = opts.delayMs ?? 500;
  let timer: NodeJS.Timeout | undefined;
  let writes: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const text = JSON.stringify(opts.snapshot());
    writes = writes
      .then(async () => {
        await ensureDir(dirname(opts.file));
        await writeFileAtomic(opts.file, text);
      })
      .catch(opts.onError);
    return writes;
  };
  return {
    changed() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        void save();
      }, delayMs);
      timer.unref();
    },
    async flush() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await save();
    },
  };
}
