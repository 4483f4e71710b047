/** Exit code when the data dir or database cannot be used (damaged, read-only, full, no permission). */
export const EXIT_STORE_FAULT = 3;
