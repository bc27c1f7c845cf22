import { describeJsonValue } from '../validation/json-checks.js';
import type { ReportError } from '../validation/field-errors.js';

/**
 * RFC 3339 `date-time`: full date, `T`, full time with optional fraction of any length (Event
 * Grid sends seven digits), and `Z` or a numeric offset. Lower-case `t` and `z` are allowed, as
 * RFC 3339 section 5.6 says; the space separator it also mentions is not part of the grammar.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Checks an RFC 3339 timestamp. `Date.parse` is not used for this: it accepts many other
 * shapes and rolls invalid dates over (February 30th becomes March 2nd).
 *
 * @returns the string as given when it is valid; `undefined` when it was reported.
 */
export function checkTimestamp(value: unknown, field: string, report: ReportError): string | undefined {
  if (typeof value !== 'string') {
    report(field, `must be an RFC 3339 timestamp string such as "2026-01-31T09:30:00Z", got ${describeJsonValue(value)}`);
    return undefined;
  }
  const match = DATE_TIME.exec(value);
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = (match ?? []).slice(1).map(Number);
  const valid =
    match !== null &&
    month! >= 1 &&
    month! <= 12 &&
    day! >= 1 &&
    day! <= daysInMonth(year!, month!) &&
    hour! <= 23 &&
    minute! <= 59 &&
    // 60 is a leap second, which RFC 3339 allows.
    second! <= 60 &&
    (match[7] === undefined || (offsetHour! <= 23 && offsetMinute! <= 59));
  if (!valid) {
    report(field, `must be an RFC 3339 timestamp such as "2026-01-31T09:30:00Z", got ${describeJsonValue(value)}`);
    return undefined;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Computed rather than taken from `Date.UTC`, which reads years 0 to 99 as 1900 to 1999. */
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}
