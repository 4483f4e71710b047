/** Minimal structured logger port; the composition root passes pino or a silent one. */
export interface Logger {
  /** Routine events worth keeping (started, registered, posted). */
  info(obj: object, msg?: string): void;
  /** Something degraded but the work went on (a fallback, a retry, a skipped cache). */
  warn(obj: object, msg?: string): void;
  /** A fault: work failed and a person may have seen a generic message. */
  error(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
