/**
 * `npm run emulators`: both upstream emulators, standalone, with demo data.
 * Ports from SUMVIN_EMULATOR_PORT (default 4010) and ELIZA_EMULATOR_PORT (default 4011).
 */
import { startElizaEmulator } from './eliza/index.js';
import { startSumvinEmulator } from './sumvin/index.js';

const DEMO_USER = 'demo-user';
/** The Eliza user id the demo data belongs to; any UUID works with the Eliza API. */
const DEMO_ELIZA_USER = '00000000-0000-4000-8000-00000000d3e0';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    process.stderr.write(`${name} must be a port number (0..65535), got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

const host = process.env.EMULATOR_HOST || '127.0.0.1';
const sumvin = await startSumvinEmulator({
  port: port('SUMVIN_EMULATOR_PORT', 4010),
  host,
  seed: { users: [DEMO_USER], sessionsPerUser: 6, messagesPerSession: 12 },
  exposeControls: process.env.EMULATOR_CONTROLS === 'true',
  ...(process.env.SUMVIN_EMULATOR_TIE_SALT ? { tieSalt: process.env.SUMVIN_EMULATOR_TIE_SALT } : {}),
});
const eliza = await startElizaEmulator({
  port: port('ELIZA_EMULATOR_PORT', 4011),
  host,
  seed: { sessions: [{ userId: DEMO_ELIZA_USER, count: 3, messagesPerSession: 6, metadata: { title: 'Demo conversation' } }] },
  exposeControls: process.env.EMULATOR_CONTROLS === 'true',
});

process.stdout.write(
  [
    `Sumvin chat API emulator: ${sumvin.url}  (e.g. curl -s ${sumvin.url}/v0/chat/sessions -H 'x-juno-jwt: ${DEMO_USER}')`,
    `ElizaOS Sessions emulator: ${eliza.url}  (e.g. curl -s ${eliza.url}/api/messaging/sessions)`,
    `Demo token (Sumvin, taken as the user id): ${DEMO_USER}`,
    `Demo Eliza user id: ${DEMO_ELIZA_USER}; agents: ${eliza.agents.map((a) => `${a.name} ${a.id}`).join(', ')}`,
    '',
  ].join('\n'),
);

const stop = () => {
  void Promise.all([sumvin.close(), eliza.close()]).then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
