import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/dates.ts';

describe('parseIsoDate', () => {
  it.each([
    ['2020-09-13', '2020-09-13T00:00:00.000Z'],
    ['2020-09-13T08:30:00Z', '2020-09-13T08:30:00.000Z'],
    ['2020-09-13T08:30:00+02:00', '2020-09-13T06:30:00.000Z'],
    ['2020-09-13 08:30', '2020-09-13T08:30:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (raw, iso) => {
    expect(parseIsoDate(raw)).toBe(iso);
  });

  it.each(['2020-02-30', '2023-02-29', '2020-13-01', '1', 'yesterday', '2020-09-13T25:00', '13/09/2020'])(
    'refuses %s',
    (raw) => {
      expect(parseIsoDate(raw)).toBeUndefined();
    },
  );
});
