/** Turns openai SDK errors into the project's LLM errors, so SDK types stay inside this folder. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError, RateLimitError } from 'openai';
import { LlmError, LlmRateLimited, LlmRefused, LlmUnavailable } from '../errors.ts';

/** Maps an SDK error (after the SDK's own retries) to an LlmError; anything else is returned unchanged. */
export function toLlmError(err: unknown, task: string): unknown {
  if (err instanceof LlmError) return err;
  const detail = err instanceof Error ? err.message.slice(0, 300) : String(err);
  if (err instanceof APIConnectionTimeoutError)
    return new LlmUnavailable(`LLM request timed out (${task})`, { task, cause: err });
  if (err instanceof APIConnectionError)
    return new LlmUnavailable(`LLM unreachable (${task}): ${detail}`, { task, cause: err });
  if (err instanceof RateLimitError)
    return new LlmRateLimited(`LLM rate limit (${task}): ${detail}`, { task, cause: err });
  if (err instanceof APIError) {
    const status = err.status;
    // 408 and 409 are the provider's transient faults, like 5xx: the SDK retried them already.
    if (status === undefined || status >= 500 || status === 408 || status === 409)
      return new LlmUnavailable(`LLM failed (${task}): ${detail}`, { task, cause: err });
    return new LlmRefused(`LLM refused the request (${task}): ${detail}`, { task, status, cause: err });
  }
  // Other SDK faults (a broken stream, an unparsable event) mean the provider did not deliver.
  if (err instanceof OpenAIError)
    return new LlmUnavailable(`LLM failed (${task}): ${detail}`, { task, cause: err });
  return err;
}

/**
 * True when the server rejected the response_format itself (no structured output support):
 * a 400 that names it, or a 404/422 some compatible servers answer for unknown request fields.
 */
export function rejectsResponseFormat(err: unknown): boolean {
  if (!(err instanceof APIError) || err.status === undefined) return false;
  if (err.status === 404 || err.status === 422) return true;
  if (err.status !== 400) return false;
  const text = `${err.message} ${err.param ?? ''} ${JSON.stringify(err.error ?? '')}`;
  return /response_format|json_schema|json_object|structured output/i.test(text);
}
