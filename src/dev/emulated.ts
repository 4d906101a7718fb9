/**
 * The default mode's upstreams: both emulators with demo data and the local identity provider.
 * With a data folder, the signing key and the emulators' data are kept there across restarts.
 */
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createDevIdentityProvider, type DevIdentityProvider } from '../auth/dev-idp.js';
import { startElizaEmulator, type ElizaEmulator } from '../emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator } from '../emulator/sumvin/index.js';
import { DEMO_SUBJECT, DEMO_SUMVIN_SEED, demoElizaSeed } from '../server/demo.js';
import { createDataSaver, DEMO_DATA_FILE, loadOrCreateDevKey, readDataFile, setAside, type DataSaver } from './data-dir.js';

export interface EmulatedOptions {
  ports: { sumvin: number; eliza: number };
  elizaApiKey?: string;
  /** Keep the signing key and the demo data here; without it, both live in memory only. */
  dataDir?: string;
  /** Expose the emulators' test knobs under `/__emulator/` (EMULATOR_CONTROLS). */
  exposeControls?: boolean;
  log: Logger;
}

export interface Emulated {
  sumvinUrl: string;
  elizaUrl: string;
  idp: DevIdentityProvider;
  demoToken: string;
  /** The ElizaOS emulator's agents, as it serves them. */
  agents: Array<{ id: string; name: string }>;
  /** Saves the demo data (when kept) and stops both emulators. */
  close(): Promise<void>;
}

/** The file the demo data is kept in, inside a data folder. */
export const demoDataFile = (dataDir: string): string => join(dataDir, DEMO_DATA_FILE);

export async function startEmulated(opts: EmulatedOptions): Promise<Emulated> {
  const { log, dataDir } = opts;
  const privateKey = dataDir ? await loadOrCreateDevKey(dataDir, (m) => log.warn(m)) : undefined;
  const idp = await createDevIdentityProvider(privateKey ? { privateKey } : {});

  let saver: DataSaver | undefined;
  const onChange = () => saver?.changed();
  const sumvin: SumvinEmulator = await startSumvinEmulator({
    port: opts.ports.sumvin,
    jwks: idp.jwks as { keys: object[] },
    issuer: idp.issuer,
    audience: idp.audience,
    seed: DEMO_SUMVIN_SEED,
    exposeControls: opts.exposeControls ?? false,
    ...(dataDir ? { onChange } : {}),
  });
  let eliza: ElizaEmulator;
  try {
    eliza = await startElizaEmulator({
      port: opts.ports.eliza,
      seed: demoElizaSeed(idp.issuer),
      exposeControls: opts.exposeControls ?? false,
      ...(opts.elizaApiKey ? { apiKey: opts.elizaApiKey } : {}),
      ...(dataDir ? { onChange } : {}),
    });
  } catch (err) {
    await sumvin.close();
    throw err;
  }

  if (dataDir) {
    const file = demoDataFile(dataDir);
    saver = createDataSaver({
      file,
      snapshot: () => ({ version: 1, sumvin: sumvin.snapshot(), eliza: eliza.snapshot() }),
      onError: (err) => log.warn({ file, err: err instanceof Error ? err.message : String(err) }, 'could not save the demo data'),
    });
    await restoreDemoData(file, sumvin, eliza, saver, log);
  }

  return {
    sumvinUrl: sumvin.url,
    elizaUrl: eliza.url,
    idp,
    demoToken: await idp.issue(DEMO_SUBJECT),
    agents: eliza.agents.map((a) => ({ id: a.id, name: a.name })),
    async close() {
      await sumvin.close();
      await eliza.close();
      await saver?.flush();
    },
  };
}

/** Loads the kept demo data into the emulators; without usable data, they keep their fresh seed. */
async function restoreDemoData(
  file: string,
  sumvin: SumvinEmulator,
  eliza: ElizaEmulator,
  saver: DataSaver,
  log: Logger,
): Promise<void> {
  const stored = await readDataFile(file);
  if (stored.kind === 'missing') {
    log.info({ file }, 'no demo data kept yet: starting with fresh demo data');
    saver.changed();
    return;
  }
  let reason: string;
  if (stored.kind === 'ok') {
    try {
      const data = stored.data as { version?: unknown; sumvin?: unknown; eliza?: unknown } | null;
      if (data?.version !== 1) throw new Error(`not a demo data file (version ${JSON.stringify(data?.version)})`);
      sumvin.restore(data.sumvin);
      eliza.restore(data.eliza);
      // agent sessions that expired while the server was down go now, not at the next sweep
      eliza.sweep();
      log.info({ file }, 'demo data restored');
      return;
    } catch (err) {
      // one emulator may already hold the restored data: both start over from the seed
      sumvin.reset();
      eliza.reset();
      reason = err instanceof Error ? err.message.slice(0, 500) : String(err);
    }
  } else {
    reason = stored.reason;
  }
  const keptAs = await setAside(file);
  log.warn({ file, reason, ...(keptAs ? { keptAs } : {}) }, 'demo data file unreadable: starting with fresh demo data');
  saver.changed();
}
