import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempDataDir } from '../helpers/run-cli.ts';

const PROSE =
  'Thousands of protesters marched in Minsk on Sunday, demanding that Alexander Lukashenko resign after the disputed election.';

describe('bin/briefing-bot ingest on hostile and unlucky files', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir();
  });
  afterEach(() => data.cleanup());

  it('stores what it can from a folder: one bad file never stops the run, each file gets its line', async () => {
    const folder = join(data.dir, 'in');
    mkdirSync(folder);
    const nested = 10_000;
    writeFileSync(
      join(folder, 'a-deep.html'),
      `<html><head><title>Deep page</title></head><body>${'<div>'.repeat(nested)}<p>${PROSE}</p>${'</div>'.repeat(nested)}</body></html>`,
    );
    writeFileSync(
      join(folder, 'b-good.txt'),
      `Talks in Sochi\n\nVladimir Putin met Alexander Lukashenko in Sochi on Monday to discuss a loan.\n`,
    );
    const le = Buffer.from(
      'Windows notes\n\nFarmers in the valley harvested a record crop of apples this autumn, and the cooperative opened a new cider press beside the river.\n',
      'utf16le',
    );
    writeFileSync(join(folder, 'c-utf16-bom.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), le]));
    writeFileSync(
      join(folder, 'd-utf16-nobom.txt'),
      Buffer.from(
        `Another Windows file\n\nOpposition leaders in Vilnius said the vote was rigged and called for new elections.\n`,
        'utf16le',
      ),
    );
    writeFileSync(
      join(folder, 'e-dates.html'),
      `<html><head><title>Odd metadata</title><meta property="article:published_time" content="Sun, 13 Sep 2020 10:00:00 GMT"><link rel="canonical" href="ftp://example.com/odd"></head><body><article><p>Riot police in Minsk detained hundreds of women who marched through the capital on Saturday.</p></article></body></html>`,
    );
    writeFileSync(
      join(folder, 'f-broken.txt'),
      Buffer.concat([Buffer.from('Half', 'utf16le'), Buffer.from([0x41])]),
    );
    writeFileSync(
      join(folder, 'g-good.md'),
      '# Loan agreed\n\nRussia agreed to lend Belarus 1.5 billion dollars, the Kremlin said on Monday.\n',
    );
    const r = await runCli(['ingest', '--data-dir', data.dir, folder]);
    const out = r.stdout.trim().split('\n');
    expect(out).toHaveLength(7);
    expect(r.stdout).toMatch(/^#\d+\tadded\tDeep page$/m);
    expect(r.stdout).toMatch(/^#\d+\tadded\tTalks in Sochi$/m);
    expect(r.stdout).toMatch(/^#\d+\tadded\tWindows notes$/m);
    expect(r.stdout).toMatch(/^#\d+\tadded\tAnother Windows file$/m);
    expect(r.stdout).toMatch(/^#\d+\tadded\tOdd metadata$/m);
    expect(r.stdout).toMatch(/^#\d+\tadded\tLoan agreed$/m);
    expect(r.stdout).toMatch(/rejected\t.*f-broken\.txt: file looks like UTF-16 without a byte-order mark/);
    expect(r.stderr).toContain('6 added, 0 duplicate, 0 near-duplicate, 1 rejected');
    expect(r.code).toBe(1);
    const shown = await runCli(['shell', '--data-dir', data.dir], {
      input: '/article list\n/article show 5\n',
    });
    expect(shown.stdout).toContain('Articles (6 of 6)');
    expect(shown.stdout).toContain('2020-09-13');
    expect(shown.stdout).not.toContain('ftp://');
  });

  it('says there is nothing to ingest in a folder without supported files, and exits non-zero', async () => {
    const folder = join(data.dir, 'only-pdfs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'report.pdf'), '%PDF-1.4');
    writeFileSync(join(folder, 'photo.jpg'), 'JFIF');
    const r = await runCli(['ingest', '--data-dir', join(data.dir, 'd'), folder]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /rejected\t.*only-pdfs: nothing to ingest: no \.txt, \.md, \.markdown, \.html, \.htm files/,
    );
    expect(r.stderr).toContain('0 added, 0 duplicate, 0 near-duplicate, 1 rejected (empty 1)');
  });
});
