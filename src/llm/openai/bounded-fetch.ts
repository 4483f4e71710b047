/**
 * A fetch for the openai SDK that bounds what happens after the headers arrive. The SDK's own
 * timeout stops at the headers: a server that sends them and then stalls, or streams without
 * end, would hold a command forever. This wrapper gives every body read an idle budget and the
 * whole body a byte budget, failing the read with an error the engine maps to an LlmError.
 */

/** The body stopped arriving for longer than the idle budget. */
export class ReplyStalledError extends Error {
  override readonly name = 'ReplyStalledError';
  constructor(ms: number) {
    super(`no reply data for ${ms} ms`);
  }
}

/** The body grew past the byte budget. */
export class ReplyTooLargeError extends Error {
  override readonly name = 'ReplyTooLargeError';
  constructor(bytes: number) {
    super(`reply larger than ${bytes} bytes`);
  }
}

export interface BoundedFetchOptions {
  /** Longest wait for the next piece of a body, headers included; default 20 s. */
  idleTimeoutMs?: number | undefined;
  /** Largest body accepted; default 512 KiB (a full answer or analysis is a few KiB). */
  maxBytes?: number | undefined;
  /** The fetch underneath; default the global one. */
  fetch?: typeof fetch | undefined;
}

/** Returns a fetch whose response bodies fail when they stall or grow too large. */
export function boundedFetch(options: BoundedFetchOptions = {}): typeof fetch {
  const idleMs = options.idleTimeoutMs ?? 20_000;
  const maxBytes = options.maxBytes ?? 512 * 1024;
  const inner = options.fetch ?? fetch;
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body) return response;
    const body = boundBody(response.body, idleMs, maxBytes);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function boundBody(
  source: ReadableStream<Uint8Array>,
  idleMs: number,
  maxBytes: number,
): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ReplyStalledError(idleMs)), idleMs);
      });
      try {
        const chunk = await Promise.race([reader.read(), stalled]);
        if (chunk.done) {
          controller.close();
          return;
        }
        received += chunk.value.byteLength;
        if (received > maxBytes) throw new ReplyTooLargeError(maxBytes);
        controller.enqueue(chunk.value);
      } catch (error) {
        // Release the connection: the rest of this body is not wanted.
        reader.cancel(error).catch(() => {});
        controller.error(error);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
