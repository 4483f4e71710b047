/**
 * bin/briefing-bot runs the compiled build while it is newer than every source file, and the
 * TypeScript sources (through tsx) otherwise: a checkout edited after `npm install` must never run
 * yesterday's code. Tested on a copy of the launcher in a made-up package whose two entry points
 * say which one ran.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT } from '../helpers/run-cli.ts';

describe('the launcher', () => {
  let dir: string;
  const run = () =>
    spawnSync(process.execPath, [join(dir, 'bin', 'briefing-bot'), 'hello'], { encoding: 'utf8' });
  const at = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'briefing-launcher-'));
    for (const sub of ['bin', 'dist/cli', 'src/cli']) mkdirSync(join(dir, sub), { recursive: true });
    copyFileSync(BIN, join(dir, 'bin', 'briefing-bot'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    const entry = (which: string) =>
      `export async function main(args${which === 'src' ? ': string[]' : ''}) { console.log('${which}', args.join(' ')); return 3; }\n`;
    writeFileSync(join(dir, 'dist', 'cli', 'main.js'), entry('dist'));
    writeFileSync(join(dir, 'src', 'cli', 'main.ts'), entry('src'));
    writeFileSync(join(dir, 'dist', '.built'), '');
    for (const f of ['src/cli/main.ts', 'src/cli', 'src']) at(f, 1_000);
    at('dist/.built', 2_000);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the build while it is newer than the sources, with the arguments and exit code', () => {
    const r = run();
    expect(r.stdout.trim()).toBe('dist hello');
    expect(r.status).toBe(3);
  });

  it('runs the sources when one of them changed after the build', () => {
    at('src/cli/main.ts', 3_000);
    expect(run().stdout.trim()).toBe('src hello');
  });

  it('runs the sources when there is no finished build', () => {
    rmSync(join(dir, 'dist', '.built'));
    expect(run().stdout.trim()).toBe('src hello');
  });
});
