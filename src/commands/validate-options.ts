import { fail, ok, type Result } from '../core/result.ts';
import type { ChannelRef, OptionSpec, OptionValue } from './command.ts';

/** Raw option values as a transport parsed them: strings from the terminal, typed values from Discord. */
export type RawOptions = Record<string, OptionValue | undefined>;

/**
 * Checks raw options against a command's option specs; the message names the option and the rule
 * broken. `command` names the command in messages (`/ask`); `label`, when given, names its one
 * input instead (`A follow-up question`).
 */
export function validateOptions(
  command: string,
  specs: readonly OptionSpec[],
  raw: RawOptions,
  naming: { label?: string | undefined } = {},
): Result<Record<string, OptionValue>, 'bad-option'> {
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name) && specs.length === 0) return fail('bad-option', `${command} takes no options.`);
    if (!known.has(name)) {
      const list = specs.map((s) => s.name).join(', ') || 'none';
      return fail('bad-option', `${command} has no option "${name}" (options: ${list}).`);
    }
  }
  const values: Record<string, OptionValue> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    const isBlank = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (isBlank) {
      if (!spec.required) continue;
      return fail(
        'bad-option',
        naming.label ? `${naming.label} is needed.` : `${command} needs "${spec.name}": ${spec.description}.`,
      );
    }
    const checked = checkValue(naming.label ?? `${command} ${spec.name}`, spec, value);
    if (!checked.ok) return checked;
    values[spec.name] = checked.value;
  }
  return ok(values);
}

function checkValue(where: string, spec: OptionSpec, value: OptionValue): Result<OptionValue, 'bad-option'> {
  switch (spec.type) {
    case 'string': {
      if (typeof value !== 'string') return fail('bad-option', `${where} must be text.`);
      const text = value.trim();
      if (spec.minLength !== undefined && text.length < spec.minLength) {
        return fail('bad-option', `${where} must be at least ${spec.minLength} characters.`);
      }
      if (spec.maxLength !== undefined && text.length > spec.maxLength) {
        return fail(
          'bad-option',
          `${where} must be at most ${spec.maxLength} characters (got ${text.length}).`,
        );
      }
      if (spec.choices) {
        const choice = spec.choices.find((c) => c.toLowerCase() === text.toLowerCase());
        if (!choice) return fail('bad-option', `${where} must be one of: ${spec.choices.join(', ')}.`);
        return ok(choice);
      }
      return ok(text);
    }
    case 'integer': {
      // Digits only: Number() would also take "1e3", "0x10", and 20-digit values that lose precision.
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && /^#?[-+]?\d+$/.test(value.trim())
            ? Number(value.trim().replace(/^#/, ''))
            : Number.NaN;
      if (!Number.isSafeInteger(n))
        return fail('bad-option', `${where} must be a whole number (got "${String(value)}").`);
      if (spec.min !== undefined && n < spec.min)
        return fail('bad-option', `${where} must be at least ${spec.min}.`);
      if (spec.max !== undefined && n > spec.max)
        return fail('bad-option', `${where} must be at most ${spec.max}.`);
      return ok(n);
    }
    case 'attachment': {
      if (typeof value === 'object' && value !== null && 'bytes' in value) return ok(value);
      return fail('bad-option', `${where} must be a file.`);
    }
    case 'channel': {
      if (typeof value === 'object' && value !== null && 'id' in value) return ok(value as ChannelRef);
      // A channel typed in the terminal or mentioned as <#id>.
      const id = typeof value === 'string' ? value.trim().match(/^(?:<#)?(\d{5,25})>?$/)?.[1] : undefined;
      if (id) return ok({ id });
      return fail('bad-option', `${where} must be a channel.`);
    }
  }
}
