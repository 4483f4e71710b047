/** Turns openai SDK errors into the project's LLM errors, so SDK types stay inside this folder. */
import { APIConnectionError, APIConnectionTimeoutError, APIError, OpenAIError, RateLimitError } from 'openai';
import { LlmError, LlmInvalidOutput, LlmRateLimited, LlmRefused, LlmUnavailable } from '../errors.ts';
import { ReplyStalledError, ReplyTooLargeError } from './bounded-fetch.ts';

/** Maps an SDK error (after the SDK's own retries) to an LlmError; anything else is returned unchanged. */
export function toLlmError(err: unknown, task: string): unknown {
  if (err instanceof LlmError) return err;
  const detail = err instanceof Error ? err.message.slice(0, 300) : String(err);
  if (err instanceof ReplyStalledError)
    return new LlmUnavailable(`LLM reply stalled (${task}): ${detail}`, { task, cause: err });
  if (err instanceof ReplyTooLargeError)
    return new LlmInvalidOutput(`LLM reply refused (${task}): ${detail}`, { task, cause: err });
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
 * For errors raised while the SDK sends a request and reads its reply: whatever the SDK and the
 * body reader throw there (a cut connection's "terminated", a truncated JSON body's SyntaxError)
 * means the provider did not deliver, so it is an LlmError too, never a crash past the fallback.
 */
export function toLlmFault(err: unknown, task: string): LlmError {
  const mapped = toLlmError(err, task);
  if (mapped instanceof LlmError) return mapped;
  const detail = err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : String(err);
  return new LlmUnavailable(`LLM reply broken (${task}): ${detail}`, { task, cause: err });
}

/**
 * True when a request may have failed because of its response_format: a 400 (servers word these
 * every way, so the message is not trusted), or a 404/422 some compatible servers answer for
 * unknown request fields. The caller confirms by trying the next mode.
 */
export function mayRejectResponseFormat(err: unknown): boolean {
  if (!(err instanceof APIError) || err.status === undefined) return false;
  return err.status === 400 || err.status === 404 || err.status === 422;
}
