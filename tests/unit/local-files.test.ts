import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectFiles } from '../../src/transports/shell/local-files.ts';

describe('collectFiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'briefing-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists files given and the supported files of folders, walked in sorted order, with their count', () => {
    mkdirSync(join(root, 'b', 'inner'), { recursive: true });
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'empty'));
    for (const f of [
      'b/2.txt',
      'b/1.md',
      'b/inner/3.html',
      'b/skip.png',
      'b/.hidden.txt',
      'a/0.txt',
      'loose.txt',
    ])
      writeFileSync(join(root, f), 'text');
    const walked = collectFiles([
      join(root, 'loose.txt'),
      join(root, 'a'),
      join(root, 'b'),
      join(root, 'empty'),
      join(root, 'gone'),
    ]);
    expect([...walked.files]).toEqual([
      join(root, 'loose.txt'),
      join(root, 'a', '0.txt'),
      join(root, 'b', '1.md'),
      join(root, 'b', '2.txt'),
      join(root, 'b', 'inner', '3.html'),
    ]);
    expect(walked.files.length).toBe(5);
    // Iterating twice gives the same list: the run counts files before it reads them.
    expect([...walked.files]).toHaveLength(5);
    expect(walked.empty).toEqual([join(root, 'empty')]);
    expect(walked.missing).toEqual([join(root, 'gone')]);
  });
});
