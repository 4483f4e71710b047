import { describe, expect, it } from 'vitest';
import { splitText, truncateAtWord } from '../../src/transports/discord/split-message.ts';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe('splitText', () => {
  it('returns short text whole, trimmed, and nothing for blank text', () => {
    expect(splitText('  Hello there.  ', 2000)).toEqual(['Hello there.']);
    expect(splitText('   \n ', 10)).toEqual([]);
  });

  it('prefers paragraph breaks, then sentence ends, then spaces', () => {
    const para = `${'First paragraph sentence. '.repeat(3).trim()}\n\n${'Second one here. '.repeat(3).trim()}`;
    expect(splitText(para, 90)).toEqual([
      'First paragraph sentence. First paragraph sentence. First paragraph sentence.',
      'Second one here. Second one here. Second one here.',
    ]);
    expect(splitText('One sentence here. Another sentence follows it.', 30)).toEqual([
      'One sentence here.',
      'Another sentence follows it.',
    ]);
    expect(splitText('alpha beta gamma delta epsilon', 12)).toEqual(['alpha beta', 'gamma delta', 'epsilon']);
  });

  it('does not leave a tiny chunk just to cut at an early paragraph break', () => {
    const text = `Hi.\n\n${'word '.repeat(40).trim()}`;
    const chunks = splitText(text, 100);
    expect(chunks[0]!.length).toBeGreaterThan(50);
  });

  it('keeps sentence punctuation and closing quotes with their sentence', () => {
    expect(splitText('He said “No.” Then he left the room quietly.', 20)[0]).toBe('He said “No.”');
  });

  it('never cuts a word when a boundary exists, and loses no words', () => {
    const text = Array.from(
      { length: 500 },
      (_, i) => `word${i}${i % 17 === 0 ? '.' : ''}${i % 53 === 0 ? '\n\n' : ''}`,
    ).join(' ');
    for (const max of [50, 100, 1024, 2000]) {
      const chunks = splitText(text, max);
      for (const c of chunks) expect(c.length).toBeLessThanOrEqual(max);
      expect(words(chunks.join(' '))).toEqual(words(text));
    }
  });

  it('cuts a single over-long word (a huge URL) only because it must, never splitting a surrogate pair', () => {
    const url = `https://example.org/${'a'.repeat(50)}`;
    const chunks = splitText(`see ${url}`, 30);
    expect(chunks.every((c) => c.length <= 30)).toBe(true);
    expect(chunks.join('')).toBe(`see${url}`);
    const emoji = '😀'.repeat(20);
    const split = splitText(emoji, 7);
    expect(split.join('')).toBe(emoji);
    for (const c of split) expect(c).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('truncateAtWord', () => {
  it('keeps text that fits and ends at a word with an ellipsis otherwise', () => {
    expect(truncateAtWord('short', 100)).toBe('short');
    const cut = truncateAtWord(
      'A briefing on the stored articles: overview, key points, actors, sources',
      40,
    );
    expect(cut.length).toBeLessThanOrEqual(40);
    expect(cut).toBe('A briefing on the stored articles…');
  });
});
