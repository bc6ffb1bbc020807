/**
 * The TIMESTAMP of a PASSWORD_VERIFIER response, in UTC, `ddd MMM D HH:mm:ss UTC YYYY` with English
 * names and an unpadded day: `Tue Aug 5 09:03:07 UTC 2025`. Built from `toUTCString()`, whose form
 * (`Tue, 05 Aug 2025 09:03:07 GMT`) the language fixes since ES2018, so no name tables are needed.
 */
export function formatSrpTimestamp(date: Date = new Date()): string {
  const [day, d, month, year, time] = date.toUTCString().split(' ');
  return `${day!.slice(0, 3)} ${month} ${+d!} ${time} UTC ${year}`;
}
