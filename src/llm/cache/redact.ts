/** Hides credentials in URLs (`redis://user:secret@host` → `redis://***@host`) before logging. */
export function redactUrls(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1***@');
}

/** A loggable summary of an error: name, code and message with credentials removed, never the raw object. */
export function describeError(error: unknown): { name: string; message: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      name: error.name,
      message: redactUrls(error.message),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: 'NonError', message: redactUrls(String(error)) };
}
