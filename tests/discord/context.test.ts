import { describe, expect, it } from 'vitest';
import { safeError } from '../../src/transports/discord/context.ts';

const TOKEN = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3OD${'x'.repeat(40)}`;
const WEBHOOK_URL = `https://discord.com/api/v10/webhooks/1234567890/${TOKEN}/messages/@original`;

describe('safeError', () => {
  it('masks interaction tokens in the message, the URL and the stack', () => {
    const error = Object.assign(new Error(`Request to ${WEBHOOK_URL} failed`), {
      url: WEBHOOK_URL,
      status: 404,
      code: 10015,
      method: 'PATCH',
    });
    // The stack starts with the message, so the token is there too before masking.
    expect(error.stack).toContain(TOKEN);
    const { err } = safeError(error) as { err: Record<string, unknown> };
    expect(JSON.stringify(err)).not.toContain(TOKEN);
    expect(err.stack).toMatch(/^Error: Request to .*\/webhooks\/1234567890\/\[token\]\/messages/);
    expect(err.stack).toMatch(/\n\s+at /);
    expect(err.message).toContain('/webhooks/1234567890/[token]/');
    expect(err.url).toBe('https://discord.com/api/v10/webhooks/1234567890/[token]/messages/@original');
    expect([err.status, err.code, err.method]).toEqual([404, 10015, 'PATCH']);
  });

  it('masks a bot token in the stack of an error thrown with one in its message', () => {
    const botToken = `${'M'.repeat(26)}.${'G'.repeat(6)}.${'k'.repeat(38)}`;
    const { err } = safeError(new TypeError(`bad auth ${botToken}`)) as { err: Record<string, unknown> };
    expect(JSON.stringify(err)).not.toContain(botToken);
    expect(err.stack).toMatch(/^TypeError: bad auth \[token\]/);
  });

  it('keeps a missing stack missing and stringifies non-errors', () => {
    const error = new Error('plain');
    error.stack = undefined;
    expect((safeError(error) as { err: Record<string, unknown> }).err.stack).toBeUndefined();
    expect(safeError('just text')).toEqual({ error: 'just text' });
  });
});
