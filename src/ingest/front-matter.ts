/**
 * Optional metadata at the top of a .txt/.md file, so a user can give an article its title,
 * source, URL and date:
 *   ---
 *   title: Council approves the harbour budget
 *   url: https://example.com/story
 *   published: 2020-09-13
 *   ---
 */
export interface FrontMatter {
  title?: string | undefined;
  source?: string | undefined;
  url?: string | undefined;
  publishedAt?: string | undefined;
}

const KEYS: Record<string, keyof FrontMatter> = {
  title: 'title',
  source: 'source',
  url: 'url',
  link: 'url',
  published: 'publishedAt',
  date: 'publishedAt',
};

/** Splits front matter from the body; unknown keys are ignored, malformed blocks are left as text. */
export function parseFrontMatter(text: string): { meta: FrontMatter; body: string } {
  const match = text.match(/^\uFEFF?---[^\S\n]*\r?\n([\s\S]*?)\r?\n---[^\S\n]*(?:\r?\n|$)/);
  if (!match) return { meta: {}, body: text };
  const meta: FrontMatter = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    const kv = line.match(/^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$/);
    if (!kv) continue;
    const key = KEYS[kv[1]!.toLowerCase()];
    const value = kv[2]!.replace(/^["']|["']$/g, '');
    if (key && value) meta[key] = value;
  }
  return { meta, body: text.slice(match[0].length) };
}
