/**
 * User-facing sentences about digest schedules (validation of time, zone and days). Kept beside the
 * digest rules so the command layer can show them as they are; move into commands/messages.ts if
 * one module for every sentence is preferred.
 */
export const digestMessages = {
  badTime: (input: string) => `"${clip(input)}" is not a time; use 24-hour HH:MM, e.g. 08:00 or 18:30.`,
  emptyTimeZone: 'Give a time zone as an IANA name, e.g. Europe/Berlin or America/New_York.',
  offsetTimeZone: (input: string) =>
    `"${clip(input)}" is a fixed UTC offset, which ignores daylight saving; use the place's IANA name, e.g. Europe/Berlin.`,
  badTimeZone: (input: string, suggestions: readonly string[]) =>
    suggestions.length > 0
      ? `"${clip(input)}" is not a known time zone. Did you mean ${suggestions.join(', ')}?`
      : `"${clip(input)}" is not a known time zone; use an IANA name, e.g. Europe/Berlin or America/New_York.`,
  badDays: (input: string) => `"${clip(input)}" is not a choice for days; use daily or weekdays.`,
};

/** Echoed input is untrusted: keep it short in the reply. */
function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
}
