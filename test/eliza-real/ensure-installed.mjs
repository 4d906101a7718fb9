// Installs the real ElizaOS server used by the contract suite (this folder's package-lock.json)
// when its node_modules folder is missing. Meant to run before the test suite; cheap when installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const marker = join(here, 'node_modules', '@elizaos', 'server', 'package.json');

if (!existsSync(marker)) {
  console.log('eliza-real: installing the ElizaOS test server (npm ci) ...');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`eliza-real: npm ci failed (exit ${String(result.status)}); run it by hand: npm ci --prefix test/eliza-real`);
    process.exit(result.status ?? 1);
  }
}
