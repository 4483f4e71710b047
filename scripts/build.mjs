// `npm run build` (and `npm install`, through "prepare"): compiles src/ to dist/ for the launcher,
// which runs it in place of the TypeScript sources while it is newer than every one of them.
// Without the TypeScript compiler (an install without dev dependencies) it says so and stops
// cleanly: the launcher then runs the sources through tsx, as it does for a stale build.
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  console.log('briefing-bot build: TypeScript is not installed; bin/briefing-bot will run the sources');
  process.exit(0);
}
// A file removed from src must not live on in dist; the stamp goes last, once the build is whole.
rmSync(dist, { recursive: true, force: true });
const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (built.status !== 0) {
  console.error('briefing-bot build: tsc failed; bin/briefing-bot will run the sources');
  process.exit(built.status ?? 1);
}
writeFileSync(join(dist, '.built'), `${new Date().toISOString()}\n`);
