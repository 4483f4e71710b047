/** Whether an id can name a row: anything else (NaN, 1.5, -1) matches none, as on SQLite, instead of failing the statement. */
export function isRowId(id: number): boolean {
  return Number.isSafeInteger(id) && id > 0;
}
