/**
 * LLM faults as core sees them. The openai adapter maps SDK errors into these, so no SDK type
 * crosses the port; the fallback engine decides on them alone.
 */
import { AppError } from '../core/errors.ts';

/** Base of every LLM fault, carrying the task that failed ("analyse", "brief", "answer"). */
export class LlmError extends AppError {
  readonly task: string;
  constructor(message: string, options: { task: string; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.task = options.task;
  }
}

/** The provider said 429 and the client's own retries (honouring retry-after) ran out. */
export class LlmRateLimited extends LlmError {}

/** The provider could not be reached or failed: 5xx, connection refused, timeout. */
export class LlmUnavailable extends LlmError {}

/** The model replied, but its output could not be parsed or validated, even after a repair and a retry. */
export class LlmInvalidOutput extends LlmError {}

/** The provider rejected the request (4xx other than 429): bad request, auth, unknown model. */
export class LlmRefused extends LlmError {
  readonly status: number | undefined;
  constructor(message: string, options: { task: string; status?: number | undefined; cause?: unknown }) {
    super(message, options);
    this.status = options.status;
  }
}

/** True for the faults a fallback engine may answer in place of the LLM. */
export function isLlmFault(err: unknown): err is LlmError {
  return (
    err instanceof LlmRateLimited ||
    err instanceof LlmUnavailable ||
    err instanceof LlmInvalidOutput ||
    err instanceof LlmRefused
  );
}

/** The circuit breaker is open after repeated outages: no request was sent. */
export class LlmCircuitOpen extends LlmUnavailable {}
