/**
 * Parses a .NET TimeSpan string as host.json uses them — `hh:mm:ss`, `hh:mm`, `d.hh:mm:ss` and an
 * optional fraction `.fffffff` — into milliseconds. A plain number is taken as milliseconds, which
 * host.json itself never uses but tests and overrides find convenient.
 *
 * @throws Error naming `setting` and the bad value when it is neither.
 */
export function parseTimeSpan(value: unknown, setting: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') {
    throw new Error(`${setting} must be a TimeSpan string like "00:01:30", got ${JSON.stringify(value)}`);
  }
  const match = /^\s*(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?\s*$/.exec(value);
  if (!match) {
    throw new Error(`${setting} must be a TimeSpan string like "00:01:30", got ${JSON.stringify(value)}`);
  }
  const [, negative, days = '0', hours = '0', minutes = '0', seconds = '0', fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) {
    throw new Error(`${setting} has an out-of-range component: ${JSON.stringify(value)}`);
  }
  const ms =
    ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 +
    Number(seconds) * 1000 +
    (fraction ? Math.round(Number(`0.${fraction}`) * 1000) : 0);
  return negative ? -ms : ms;
}

/** Formats milliseconds the way .NET prints a TimeSpan (`hh:mm:ss`), for messages. */
export function formatTimeSpan(ms: number): string {
  const total = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor(total / 60) % 60)}:${pad(total % 60)}`;
}
