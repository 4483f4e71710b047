import { fail, ok, type Result } from '../core/result.ts';
import type { IncomingDocument } from '../ingest/document-to-article.ts';
import { type OptionSpec, type OptionValues, TERMINAL_CHANNEL_ID } from './command.ts';

/** Raw option values as a transport parsed them: strings from the terminal, typed values from Discord. */
export type RawOptions = Record<string, string | number | IncomingDocument | undefined>;

/** Checks raw options against a command's option specs; the message names the option and the rule broken. */
export function validateOptions(
  commandName: string,
  specs: readonly OptionSpec[],
  raw: RawOptions,
): Result<OptionValues, 'bad-option'> {
  const known = new Set(specs.map((s) => s.name));
  for (const name of Object.keys(raw)) {
    if (!known.has(name) && specs.length === 0)
      return fail('bad-option', `/${commandName} takes no options.`);
    if (!known.has(name)) {
      const list = specs.map((s) => s.name).join(', ') || 'none';
      return fail('bad-option', `/${commandName} has no option "${name}" (options: ${list}).`);
    }
  }
  const values: OptionValues = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    const isBlank = value === undefined || (typeof value === 'string' && value.trim() === '');
    if (isBlank) {
      if (spec.required)
        return fail('bad-option', `/${commandName} needs "${spec.name}": ${spec.description}.`);
      continue;
    }
    const checked = checkValue(commandName, spec, value);
    if (!checked.ok) return checked;
    values[spec.name] = checked.value;
  }
  return ok(values);
}

function checkValue(
  command: string,
  spec: OptionSpec,
  value: string | number | IncomingDocument,
): Result<string | number | IncomingDocument, 'bad-option'> {
  const where = `/${command} ${spec.name}`;
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
    case 'channel': {
      // Transports hand over a channel id (Discord's picker) or the terminal's own id; anything else is a slip.
      const id = typeof value === 'string' ? value.trim() : '';
      if (id === TERMINAL_CHANNEL_ID || /^\d{15,25}$/.test(id)) return ok(id);
      return fail('bad-option', `${where} must be a channel.`);
    }
    case 'attachment': {
      if (typeof value === 'object' && value !== null && 'bytes' in value) return ok(value);
      return fail('bad-option', `${where} must be a file.`);
    }
  }
}
