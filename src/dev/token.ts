/**
 * `npm run token -- <user>`: prints a token for any user of the default (emulated) mode, signed
 * with the kept dev key (`DATA_DIR`, created when missing), with the issuer and audience `npm start`
 * verifies. A second user is how to try ownership by hand. Tokens last 7 days.
 */
import { createDevIdentityProvider } from '../auth/dev-idp.js';
import { ConfigError, loadConfig } from '../config.js';
import { DEMO_SUBJECT } from '../server/demo.js';
import { loadOrCreateDevKey } from './data-dir.js';

const USAGE = 'usage: npm run token -- <user>   (any name, e.g. alice; the demo data belongs to demo-user)';

async function main(args: string[]): Promise<number> {
  if (args.length > 1 || args[0] === '--help' || args[0] === '-h') {
    process.stderr.write(`${USAGE}\n`);
    return args.length > 1 ? 2 : 0;
  }
  const subject = args[0] ?? DEMO_SUBJECT;
  if (subject.trim() === '' || subject.length > 200) {
    process.stderr.write(`the user name must be 1 to 200 characters\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (config.mode !== 'emulated') {
    process.stderr.write('npm run token issues tokens of the built-in dev identity provider, which only the default mode (no SUMVIN_API_URL / ELIZA_API_URL) accepts\n');
    return 2;
  }
  const privateKey = await loadOrCreateDevKey(config.dataDir, (m) => process.stderr.write(`warning: ${m}\n`));
  const idp = await createDevIdentityProvider({ privateKey });
  process.stdout.write(`${await idp.issue(subject)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
