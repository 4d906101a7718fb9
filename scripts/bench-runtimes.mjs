// `npm run bench:runtimes`: installs the Node LTS runtimes the bench runs on into .ci/runtimes, as
// .ci/run does, unless every package its lock file pins is already there at that version (then
// the install, which starts from an empty node_modules each time, is skipped).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const dir = new URL('../.ci/runtimes/', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', dir), 'utf8'));
const installed = Object.entries(lock.packages)
  .filter(([path]) => path.startsWith('node_modules/'))
  .every(([path, pkg]) => {
    const manifest = new URL(`${path}/package.json`, dir);
    return existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).version === pkg.version;
  });
if (installed) {
  process.stdout.write('bench runtimes: already installed at the locked versions\n');
} else {
  execFileSync('npm', ['ci', '--prefix', '.ci/runtimes', '--no-audit', '--no-fund', '--silent'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
}
