import type { ActorType } from '../core/types.ts';

/** Appends citation marks: cite("Text.", [1, 3]) → "Text. [1][3]". Text already carrying marks is left as is. */
export function cite(text: string, sources: number[]): string {
  const marks = [...new Set(sources)]
    .filter((n) => n > 0 && !text.includes(`[${n}]`))
    .map((n) => `[${n}]`)
    .join('');
  if (!marks) return text;
  return text ? `${text} ${marks}` : ` ${marks}`;
}

const TYPE_LABELS: Record<ActorType, string> = {
  person: 'person',
  organisation: 'organisation',
  place: 'country/place',
};

export function typeLabel(type: ActorType): string {
  return TYPE_LABELS[type];
}

/** "1 mention", "3 mentions". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
