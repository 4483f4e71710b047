/**
 * JSON output handling for models of uneven obedience: strict JSON Schema for servers that
 * enforce it, tolerant extraction for those that wrap JSON in prose or fences, and a small
 * schema-guided repair for near misses (a missing array, "3" for 3, "organization").
 */
import { z } from 'zod';

/** The subset of JSON Schema that zod emits for our output schemas. */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  enum?: unknown[];
  required?: string[];
  additionalProperties?: boolean | JsonSchemaNode;
  [keyword: string]: unknown;
}

const SAFE_INT_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

/**
 * JSON Schema for OpenAI strict structured output: every property required, no additional
 * properties, and no keywords strict mode rejects (the safe-integer bounds zod adds to `z.int()`).
 */
export function toStrictJsonSchema(schema: z.ZodType): JsonSchemaNode {
  const root = z.toJSONSchema(schema) as JsonSchemaNode;
  delete root.$schema;
  const walk = (node: JsonSchemaNode): void => {
    if (node.properties) {
      node.required = Object.keys(node.properties);
      node.additionalProperties = false;
      for (const child of Object.values(node.properties)) walk(child);
    }
    if (node.items) walk(node.items);
    for (const k of ['minimum', 'maximum'] as const) {
      if (typeof node[k] === 'number' && SAFE_INT_BOUNDS.has(node[k])) delete node[k];
    }
  };
  walk(root);
  return root;
}

/** Parses model text as JSON: the whole text, else inside ``` fences, else the first balanced {...}. */
export function extractJson(text: string): { ok: true; value: unknown } | { ok: false } {
  const attempts = [text.trim()];
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  if (fenced?.[1]) attempts.push(fenced[1].trim());
  const object = firstBalancedObject(text);
  if (object) attempts.push(object);
  for (const candidate of attempts) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // Try the next candidate.
    }
  }
  return { ok: false };
}

/** The first `{...}` whose braces balance, skipping braces inside JSON strings. */
function firstBalancedObject(text: string): string | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return undefined;
}

const keyOf = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');
// British spelling is the schema's; models often answer in American ("organization", "criticizes").
const enumKey = (v: string) =>
  v
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/z/g, 's');

/** Nudges a near-miss value towards the schema: missing arrays, stringly numbers, key and enum spelling. */
export function repairToSchema(value: unknown, schema: JsonSchemaNode): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum && typeof value === 'string') {
    return schema.enum.find((e) => typeof e === 'string' && enumKey(e) === enumKey(value)) ?? value;
  }
  if (type === 'object' && schema.properties && isRecord(value)) {
    const byKey = new Map(Object.entries(value).map(([k, v]) => [keyOf(k), v]));
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties)) {
      const v = name in value ? value[name] : byKey.get(keyOf(name));
      if (v === undefined || v === null) {
        if (child.type === 'array') out[name] = [];
        continue;
      }
      out[name] = repairToSchema(v, child);
    }
    return out;
  }
  if (type === 'array' && schema.items) {
    if (value === null || value === undefined) return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((item) => repairToSchema(item, schema.items!));
  }
  if ((type === 'integer' || type === 'number') && typeof value === 'string') {
    // Sentence labels come back as "s3" or "[3]" as often as 3.
    const m = /^\s*\[?s?(-?\d+(?:\.\d+)?)\]?\s*$/i.exec(value);
    if (m) return type === 'integer' ? Math.round(Number(m[1])) : Number(m[1]);
  }
  if (type === 'integer' && typeof value === 'number' && !Number.isInteger(value)) return Math.round(value);
  if (type === 'string' && typeof value === 'number') return String(value);
  if (type === 'boolean' && typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
    return value.trim().toLowerCase() === 'true';
  }
  return value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type ParseResult<T> = { ok: true; value: T; repaired: boolean } | { ok: false; problem: string };

/** Parses and validates model output: as is, then after schema-guided repair. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>, json: JsonSchemaNode): ParseResult<T> {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, problem: 'the reply was not a JSON object' };
  const direct = schema.safeParse(extracted.value);
  if (direct.success) return { ok: true, value: direct.data, repaired: false };
  const repaired = schema.safeParse(repairToSchema(extracted.value, json));
  if (repaired.success) return { ok: true, value: repaired.data, repaired: true };
  return { ok: false, problem: z.prettifyError(direct.error).slice(0, 600) };
}
