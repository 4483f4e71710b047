import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeGeneratedArticles } from '../helpers/generated-articles.ts';
import { BIN, DEMO_ARTICLE, REPO_ROOT, runCli, tempDataDir } from '../helpers/run-cli.ts';

const NO_TRACE = /\n\s+at |EPIPE|Error:/;

/** Mounting a small tmpfs needs root; it is how a full disk and a read-only disk are made for real. */
function canMount(dir: string): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = join(dir, 'probe');
  mkdirSync(probe);
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
  if (mounted) spawnSync('umount', [probe]);
  return mounted;
}

describe('faults are told in one sentence with what to do', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('refuses an empty --data-dir instead of writing into the current folder', async () => {
    const r = await runCli(['shell', '--data-dir', ''], { input: '/article list\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--data-dir is empty');
    expect(r.stdout).toBe('');
  });

  it('names a data dir that is a file, with exit code 3', async () => {
    const file = join(data.dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const shell = await runCli(['shell', '--data-dir', file], { input: '/article list\n' });
    const ingest = await runCli(['ingest', '--data-dir', join(file, 'below'), DEMO_ARTICLE]);
    for (const r of [shell, ingest]) {
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/is a file, not a folder/);
      expect(r.stderr).not.toMatch(NO_TRACE);
    }
  });

  it('tells a damaged database apart from a generic error, in the shell and in ingest', async () => {
    const dir = join(data.dir, 'd');
    const seed = writeGeneratedArticles(data.dir, 30);
    expect((await runCli(['ingest', '--data-dir', dir, ...seed])).code).toBe(0);
    const db = join(dir, 'briefing.db');
    const bytes = readFileSync(db);
    const pageSize = bytes.readUInt16BE(16);
    for (let at = 2 * pageSize; at < bytes.length; at++) bytes[at] = (at * 13) & 0xff;
    writeFileSync(db, bytes);
    const shell = await runCli(['shell', '--data-dir', dir], { input: '/ask Who met whom in Minsk?\n' });
    const ingest = await runCli(['ingest', '--data-dir', dir, DEMO_ARTICLE]);
    for (const r of [shell, ingest]) {
      expect(`${r.stdout}${r.stderr}`).toMatch(/database is damaged.*restore .*briefing\.db from a backup/);
      expect(`${r.stdout}${r.stderr}`).not.toContain('Something went wrong');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('tells a truncated or overwritten database file to be restored', async () => {
    const dir = join(data.dir, 'd');
    expect((await runCli(['ingest', '--data-dir', dir, DEMO_ARTICLE])).code).toBe(0);
    writeFileSync(
      join(dir, 'briefing.db'),
      'not a database at all, just text that replaced it\n'.repeat(100),
    );
    const notDb = await runCli(['shell', '--data-dir', dir], { input: '/article list\n' });
    expect(notDb.code).toBe(3);
    expect(notDb.stderr).toMatch(/briefing\.db is not a SQLite database.*restore it from a backup/);
    expect((await runCli(['ingest', '--data-dir', join(data.dir, 'e'), DEMO_ARTICLE])).code).toBe(0);
    truncateSync(join(data.dir, 'e', 'briefing.db'), 50);
    const truncated = await runCli(['shell', '--data-dir', join(data.dir, 'e')], {
      input: '/article list\n',
    });
    expect(truncated.code).toBe(3);
    expect(truncated.stderr).toMatch(/restore .*from a backup/);
  });

  it('survives a reader that closes the pipe early: no EPIPE, no stack trace', () => {
    const dir = join(data.dir, 'd');
    mkdirSync(dir);
    const questions = '/help\n'.repeat(300);
    // bash reports the shell's own exit status through PIPESTATUS.
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${BIN}" shell --data-dir "${dir}" 2>"${dir}/err" | head -c 100 >/dev/null; echo "\${PIPESTATUS[0]}"`,
      ],
      { cwd: REPO_ROOT, input: questions, env: { ...process.env, BRIEFING_DATA_DIR: '' }, encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(join(dir, 'err'), 'utf8')).not.toMatch(NO_TRACE);
  });

  describe('a full disk and a read-only disk (real tmpfs mounts, needs root)', () => {
    let mount: string;
    let mounted = false;
    beforeEach(() => {
      mount = join(data.dir, 'mnt');
    });
    afterEach(() => {
      if (mounted) spawnSync('umount', [mount]);
      mounted = false;
    });

    it('stops on a full disk with "free some space", exit 3, and keeps every stored article whole', async (ctx) => {
      if (!canMount(data.dir))
        ctx.skip(
          'mounting a small tmpfs needs root; the SQLITE_FULL mapping is covered in tests/store/sqlite-faults.test.ts',
        );
      mkdirSync(mount);
      mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=640k', 'tmpfs', mount]).status === 0;
      const files = writeGeneratedArticles(data.dir, 60, 6000);
      const r = await runCli(['ingest', '--data-dir', mount, ...files]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/disk holding .*briefing\.db is full: free some space/);
      expect(r.stderr).toMatch(/stopped, \d+ files not attempted/);
      const added = r.stdout.split('\n').filter((l) => l.includes('\tadded\t')).length;
      expect(added).toBeGreaterThan(0);
      const list = await runCli(['shell', '--data-dir', mount], { input: '/article list limit: 100\n' });
      expect(list.stdout).toContain(`Articles (${added} of ${added})`);
    }, 60_000);

    it('says to check permissions when the data dir is on a read-only disk', async (ctx) => {
      if (!canMount(data.dir))
        ctx.skip(
          'remounting read-only needs root; the SQLITE_READONLY mapping is covered in tests/store/sqlite-faults.test.ts',
        );
      mkdirSync(mount);
      mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount]).status === 0;
      expect((await runCli(['ingest', '--data-dir', mount, DEMO_ARTICLE])).code).toBe(0);
      expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
      const ingest = await runCli(['ingest', '--data-dir', mount, DEMO_ARTICLE]);
      expect(ingest.code).toBe(3);
      expect(ingest.stderr).toMatch(/read-only/);
      expect(ingest.stderr).not.toMatch(/\n\s+at /);
    }, 60_000);
  });
});
