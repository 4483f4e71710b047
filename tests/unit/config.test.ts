import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/config.ts';

describe('readEnv', () => {
  it('defaults to the offline engine with no key', () => {
    const c = readEnv({});
    expect(c.llm).toBeUndefined();
    expect(c.BRIEFING_LOG_LEVEL).toBe('warn');
    expect(c.BRIEFING_DIGEST_GRACE_MINUTES).toBe(180);
    expect(readEnv({ BRIEFING_DIGEST_GRACE_MINUTES: '45' }).BRIEFING_DIGEST_GRACE_MINUTES).toBe(45);
  });

  it('uses the LLM when a key is set, with default model, timeout and retries', () => {
    expect(readEnv({ OPENAI_API_KEY: 'sk-test' }).llm).toEqual({
      apiKey: 'sk-test',
      baseURL: undefined,
      model: 'gpt-4.1-mini',
      timeoutMs: 30_000,
      maxRetries: 2,
      idleTimeoutMs: 20_000,
      pauseMs: 30_000,
    });
  });

  it('uses a local server given only its address', () => {
    expect(readEnv({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' }).llm).toMatchObject({
      apiKey: 'not-needed',
    });
  });

  it('lets BRIEFING_LLM=offline win over a key, and allows a keyless local server', () => {
    expect(readEnv({ OPENAI_API_KEY: 'sk-test', BRIEFING_LLM: 'offline' }).llm).toBeUndefined();
    expect(
      readEnv({
        BRIEFING_LLM: 'openai',
        OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1',
        OPENAI_MODEL: 'llama3.2',
      }).llm,
    ).toMatchObject({ apiKey: 'not-needed', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.2' });
  });

  it.each([
    [{ BRIEFING_LLM: 'openai' }, /needs OPENAI_API_KEY, or OPENAI_BASE_URL/],
    [{ BRIEFING_LLM: 'gpt' }, /BRIEFING_LLM/],
    [{ OPENAI_TIMEOUT_MS: 'soon' }, /OPENAI_TIMEOUT_MS/],
    [{ OPENAI_MAX_RETRIES: '99' }, /OPENAI_MAX_RETRIES/],
    [{ OPENAI_BASE_URL: 'ftp://x' }, /OPENAI_BASE_URL/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ BRIEFING_LLM_PRICES: '[1]' }, /BRIEFING_LLM_PRICES/],
    [{ BRIEFING_DIGEST_GRACE_MINUTES: '-5' }, /BRIEFING_DIGEST_GRACE_MINUTES/],
  ])('refuses %j with a message naming the setting', (env, message) => {
    expect(() => readEnv(env)).toThrow(message);
  });

  it('never echoes a secret in its messages', () => {
    expect(() => readEnv({ OPENAI_API_KEY: 'sk-secret-value', OPENAI_TIMEOUT_MS: 'x' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('sk-secret-value') }),
    );
  });
});
