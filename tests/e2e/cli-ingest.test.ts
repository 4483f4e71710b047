import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FOUNDING_ARTICLE, runCli, tempDataDir } from '../helpers/run-cli.ts';

describe('bin/briefing-bot ingest', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('adds an article, then reports the same content as a duplicate', async () => {
    const first = await runCli(['ingest', '--data-dir', data.dir, FOUNDING_ARTICLE]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^#1\tadded\t.+$/m);
    const second = await runCli(['ingest', '--data-dir', data.dir, FOUNDING_ARTICLE]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^#1\tduplicate\t/m);
  });

  it('walks folders and rejects bad files with a reason, storing the good ones', async () => {
    const folder = join(data.dir, 'in');
    mkdirSync(join(folder, 'nested'), { recursive: true });
    writeFileSync(
      join(folder, 'good.md'),
      '# Talks in Sochi\n\nVladimir Putin met Alexander Lukashenko in Sochi on Monday to discuss a loan.\n',
    );
    writeFileSync(join(folder, 'nested', 'empty.txt'), '');
    writeFileSync(join(folder, 'binary.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x10]));
    writeFileSync(
      join(folder, 'latin1.txt'),
      Buffer.from('Caf\xe9 au lait in Minsk, said the mayor of the city today.', 'latin1'),
    );
    writeFileSync(
      join(folder, 'page.html'),
      '<html><head><title>Minsk protest</title></head><body><article><p>Thousands of protesters marched in Minsk on Sunday demanding that Alexander Lukashenko resign after the disputed election.</p></article></body></html>',
    );
    writeFileSync(
      join(folder, 'notes.pdf'),
      'ignored: unsupported extensions are skipped when walking folders',
    );
    const result = await runCli(['ingest', '--data-dir', data.dir, folder, join(data.dir, 'missing.txt')]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(result.stdout).toMatch(/rejected\t.*missing\.txt: no such file or folder/);
    expect(result.stdout).toMatch(/rejected\t.*binary\.txt: file looks binary/);
    expect(result.stdout).toMatch(/rejected\t.*latin1\.txt: file is not valid UTF-8 text/);
    expect(result.stdout).toMatch(/rejected\t.*empty\.txt: file is empty/);
    expect(result.stdout).toMatch(/^#\d+\tadded\tTalks in Sochi$/m);
    expect(result.stdout).toMatch(/^#\d+\tadded\tMinsk protest$/m);
    expect(result.stderr).toContain(
      '2 added, 0 duplicate, 0 near-duplicate, 4 rejected (binary 1, empty 1, not-found 1, not-utf8 1)',
    );
    const list = await runCli(['shell', '--data-dir', data.dir], { input: '/article list\n' });
    expect(list.stdout).toContain('Articles (2 of 2)');
  });

  it('rejects files over the 5 MB limit without storing anything', async () => {
    const big = join(data.dir, 'big.txt');
    writeFileSync(big, 'word '.repeat(1_100_000));
    const result = await runCli(['ingest', '--data-dir', data.dir, big]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rejected\t.*big\.txt: file is 5\.2 MB; the limit is 5 MB/);
    const list = await runCli(['shell', '--data-dir', data.dir], { input: '/article list\n' });
    expect(list.stdout).toContain('No articles stored yet');
  });

  it('keeps tenants apart: an article ingested for one guild is invisible to another', async () => {
    await runCli(['ingest', '--data-dir', data.dir, '--guild', 'alpha', FOUNDING_ARTICLE]);
    const alpha = await runCli(['shell', '--data-dir', data.dir, '--guild', 'alpha'], {
      input: '/article list\n',
    });
    const beta = await runCli(['shell', '--data-dir', data.dir, '--guild', 'beta'], {
      input: '/article list\n/ask Who is Valery Tsepkalo?\n',
    });
    expect(alpha.stdout).toContain('Articles (1 of 1)');
    expect(beta.stdout).toContain('No articles stored yet');
    expect(beta.stdout).not.toContain('Tsepkalo, an opposition politician');
  });

  it('explains usage errors with exit code 2', async () => {
    const none = await runCli(['ingest', '--data-dir', data.dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('ingest needs at least one file or folder');
    const badGuild = await runCli(['shell', '--guild', '../etc', '--data-dir', data.dir]);
    expect(badGuild.code).toBe(2);
    expect(badGuild.stderr).toContain('--guild must be');
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });
});
