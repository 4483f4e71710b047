/** Expected outcomes are values, not exceptions: a rejection carries a code and a message safe to show. */
export type Result<T, C extends string = string> =
  | { ok: true; value: T }
  | { ok: false; code: C; message: string };

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = <C extends string>(
  code: C,
  message: string,
): { ok: false; code: C; message: string } => ({
  ok: false,
  code,
  message,
});
