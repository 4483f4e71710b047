/** Limits on what ingestion accepts; stated in rejection messages and the README. */
export const INGEST_LIMITS = {
  /** Largest file or pasted text accepted, in bytes. */
  maxBytes: 5 * 1024 * 1024,
  /** Fewest words an article needs after cleaning, so fragments and empty pages are refused. */
  minWords: 8,
  /** Longest title kept; longer ones are cut at a word boundary. */
  maxTitleChars: 200,
} as const;

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm'] as const;
