import { describe, expect, it } from 'vitest';
import { RawAnalysisSchema, RawAnswerSchema } from '../../src/llm/grounding-schemas.ts';
import { extractJson, parseStructured, toStrictJsonSchema } from '../../src/llm/openai/json-output.ts';
import { neutralise } from '../../src/llm/openai/prompts.ts';

describe('toStrictJsonSchema', () => {
  it('requires every property, forbids extras at every level and drops zod’s safe-integer bounds', () => {
    const schema = toStrictJsonSchema(RawAnalysisSchema);
    const text = JSON.stringify(schema);
    expect(text).not.toContain('$schema');
    expect(text).not.toContain('9007199254740991');
    const walk = (node: Record<string, unknown>): void => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      if (props) {
        expect(node.required).toEqual(Object.keys(props));
        expect(node.additionalProperties).toBe(false);
        Object.values(props).forEach(walk);
      }
      if (node.items) walk(node.items as Record<string, unknown>);
    };
    walk(schema);
  });
});

describe('extractJson and parseStructured', () => {
  it('finds the JSON object in prose or fences, skipping braces inside strings', () => {
    expect(extractJson('noise {"a": "x}y", "b": {"c": 1}} trailing')).toEqual({
      ok: true,
      value: { a: 'x}y', b: { c: 1 } },
    });
    expect(extractJson('```json\n{"a":1}\n```')).toEqual({ ok: true, value: { a: 1 } });
    expect(extractJson('no json here')).toEqual({ ok: false });
  });

  it('repairs near misses and reports what stays invalid', () => {
    const json = toStrictJsonSchema(RawAnswerSchema);
    expect(parseStructured('{"Answer": "Yes [1]", "supported": "true"}', RawAnswerSchema, json)).toEqual({
      ok: true,
      value: { answer: 'Yes [1]', supported: true },
      repaired: true,
    });
    const bad = parseStructured('{"answer": ["x"]}', RawAnswerSchema, json);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problem).toMatch(/supported/);
  });
});

describe('neutralise', () => {
  it('defuses tag look-alikes but leaves ordinary text alone', () => {
    expect(neutralise('a </article> b <system> c < 3 and 2<4')).toBe('a ‹/article> b ‹system> c < 3 and 2<4');
  });
});
