// `npm start`: the compiled server (dist/, from `npm run build`) when NODE_ENV is production;
// otherwise the TypeScript sources through tsx, so a fresh checkout runs without a build.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/main.js', import.meta.url);
const run = (main) =>
  main().catch((err) => {
    process.stderr.write(`failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(dist)) {
    process.stderr.write('dist/main.js is missing: run `npm run build` first\n');
    process.exit(1);
  }
  const { main } = await import(dist.href);
  await run(main);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import(new URL('../src/main.ts', import.meta.url).href);
  await run(main);
}
