/**
 * Reads the analysis line format (see the analyse prompt): one tagged line per item, ids in
 * parentheses. Cheaper to ask for than a JSON schema and easier for small models to keep. A reply
 * that is JSON after all (some models cannot help it) is read as the JSON shape.
 */
import { type RawAnalysis, RawAnalysisSchema } from '../grounding-schemas.ts';
import { type ParseResult, parseStructured, toStrictJsonSchema } from './json-output.ts';

const ANALYSIS_JSON = toStrictJsonSchema(RawAnalysisSchema);
const KINDS = ['supports', 'opposes', 'meets', 'criticises', 'allied-with'] as const;

/** Parses an analysis reply (lines, or JSON) and validates it. */
export function parseAnalysisText(content: string): ParseResult<RawAnalysis> {
  const text = content.trim();
  if (text.startsWith('{') || text.startsWith('```'))
    return parseStructured(content, RawAnalysisSchema, ANALYSIS_JSON);
  const raw: RawAnalysis = {
    summary: '',
    summarySentences: [],
    keyPoints: [],
    actors: [],
    quotes: [],
    relations: [],
  };
  let tagged = 0;
  for (const line of text.split('\n')) {
    const m = /^\s*(?:[-*]\s*)?([SPAQR])\s*:\s*(.+)$/.exec(line);
    if (!m) continue;
    tagged++;
    const body = m[2]!.trim();
    switch (m[1]) {
      case 'S': {
        const { text: t, ids } = withIds(body);
        raw.summary = raw.summary ? `${raw.summary} ${t}` : t;
        raw.summarySentences = [...(raw.summarySentences ?? []), ...ids];
        break;
      }
      case 'P': {
        const { text: t, ids } = withIds(body);
        if (t) raw.keyPoints.push({ text: t, sentences: ids });
        break;
      }
      case 'A': {
        const [name = '', type = '', aliases = '', roles = ''] = body.split('|').map((x) => x.trim());
        const kind = actorType(type);
        if (name && kind) raw.actors.push({ name, type: kind, aliases: list(aliases), roles: list(roles) });
        break;
      }
      case 'Q': {
        const at = body.indexOf('|');
        if (at > 0) {
          const quote = body
            .slice(at + 1)
            .trim()
            .replace(/^["“‘']+|["”’']+$/gu, '');
          if (quote) raw.quotes.push({ speaker: body.slice(0, at).trim(), text: quote });
        }
        break;
      }
      case 'R': {
        const [subject = '', kind = '', object = '', id = ''] = body.split('|').map((x) => x.trim());
        const k = KINDS.find((x) => x === kind.toLowerCase().replace(/z/g, 's'));
        const n = Number(/\d+/.exec(id)?.[0]);
        if (subject && object && k && Number.isInteger(n))
          raw.relations.push({ subject, kind: k, object, sentence: n });
        break;
      }
    }
  }
  if (tagged === 0 || !raw.summary)
    return { ok: false, problem: 'no "S:" summary line (reply with the tagged lines only)' };
  const checked = RawAnalysisSchema.safeParse(raw);
  return checked.success
    ? { ok: true, value: checked.data, repaired: false }
    : { ok: false, problem: checked.error.message.slice(0, 300) };
}

/** "text (3, 4)" or "text [3][4]" → the text and the ids. */
function withIds(body: string): { text: string; ids: number[] } {
  const m = /\s*(?:\(([\d,\s]+)\)|((?:\[\d+\]\s*,?\s*)+)|\[([\d,\s]+)\])\s*\.?$/.exec(body);
  if (!m) return { text: body, ids: [] };
  const ids = (m[1] ?? m[2] ?? m[3] ?? '').match(/\d+/g)?.map(Number) ?? [];
  return { text: body.slice(0, m.index).trim(), ids };
}

function list(s: string): string[] {
  return s
    .split(/;/)
    .map((x) => x.trim())
    .filter((x) => x && x !== '-' && !/^none$/i.test(x));
}

function actorType(s: string): RawAnalysis['actors'][number]['type'] | undefined {
  const t = s.toLowerCase();
  if (t.startsWith('person') || t === 'people') return 'person';
  if (t.startsWith('organi') || t === 'org') return 'organisation';
  if (/^(place|location|country|city|region)/.test(t)) return 'place';
  return undefined;
}
