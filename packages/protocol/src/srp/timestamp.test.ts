import { describe, expect, it } from 'vitest';
import { formatSrpTimestamp } from './timestamp.js';

describe('formatSrpTimestamp', () => {
  it('matches the reference example (single-digit day, zero-padded time)', () => {
    expect(formatSrpTimestamp(new Date('2025-08-05T09:03:07Z'))).toBe('Tue Aug 5 09:03:07 UTC 2025');
  });

  it('formats midnight and end of day in UTC', () => {
    expect(formatSrpTimestamp(new Date('2024-01-01T00:00:00Z'))).toBe('Mon Jan 1 00:00:00 UTC 2024');
    expect(formatSrpTimestamp(new Date('2024-12-31T23:59:59.999Z'))).toBe('Tue Dec 31 23:59:59 UTC 2024');
  });

  it('uses UTC whatever the offset the date was written with', () => {
    expect(formatSrpTimestamp(new Date('2025-03-10T01:02:03+05:00'))).toBe('Sun Mar 9 20:02:03 UTC 2025');
  });

  it('names every month', () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    months.forEach((name, month) => {
      expect(formatSrpTimestamp(new Date(Date.UTC(2023, month, 15, 12, 0, 0)))).toMatch(new RegExp(`^\\w{3} ${name} 15 12:00:00 UTC 2023$`));
    });
  });

  it('names every weekday (2023-01-01 was a Sunday)', () => {
    ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].forEach((name, i) => {
      expect(formatSrpTimestamp(new Date(Date.UTC(2023, 0, 1 + i, 7, 8, 9)))).toBe(`${name} Jan ${1 + i} 07:08:09 UTC 2023`);
    });
  });

  it('defaults to now', () => {
    const before = formatSrpTimestamp();
    expect(before).toMatch(/^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) [A-Z][a-z]{2} \d{1,2} \d\d:\d\d:\d\d UTC \d{4}$/);
  });
});
