interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const second: FieldSpec = { name: 'second', min: 0, max: 59 };
const minute: FieldSpec = { name: 'minute', min: 0, max: 59 };
const hour: FieldSpec = { name: 'hour', min: 0, max: 23 };
const day: FieldSpec = { name: 'day', min: 1, max: 31 };
const month: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
};
const dayOfWeek: FieldSpec = { name: 'day-of-week', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };

/** Searching further than this many years ahead means the expression can never fire (e.g. 30 Feb). */
const searchYears = 8;

/**
 * An NCRONTAB expression as timer triggers use them: six fields
 * `{second} {minute} {hour} {day} {month} {day-of-week}` (five-field expressions without seconds
 * are accepted too), each `*`, a value, a range `a-b`, any of those with a step `/n` (`a/n` runs
 * from a to the end), or a comma list; months and weekdays may be names (`JAN`, `MON`). Evaluated
 * in UTC (the default
 * `WEBSITE_TIME_ZONE`). Day and day-of-week must both match, as in NCrontab.
 */
export class NcrontabSchedule {
  private constructor(
    readonly expression: string,
    private readonly seconds: ReadonlySet<number>,
    private readonly minutes: ReadonlySet<number>,
    private readonly hours: ReadonlySet<number>,
    private readonly days: ReadonlySet<number>,
    private readonly months: ReadonlySet<number>,
    private readonly weekdays: ReadonlySet<number>,
  ) {}

  /** @throws Error naming the field and value that do not parse. */
  static parse(expression: string): NcrontabSchedule {
    const fields = expression.trim().split(/\s+/);
    if (fields.length === 5) fields.unshift('0');
    if (fields.length !== 6) {
      throw new Error(`NCRONTAB expression "${expression}" must have 6 fields ({second} {minute} {hour} {day} {month} {day-of-week})`);
    }
    const specs = [second, minute, hour, day, month, dayOfWeek];
    const sets = fields.map((text, i) => parseField(text, specs[i]!, expression));
    return new NcrontabSchedule(expression, sets[0]!, sets[1]!, sets[2]!, sets[3]!, sets[4]!, sets[5]!);
  }

  /** The first occurrence strictly after `after` (whole seconds, UTC). */
  nextAfter(after: Date): Date {
    const t = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000);
    const limit = Date.UTC(after.getUTCFullYear() + searchYears, 0, 1);
    while (t.getTime() < limit) {
      if (!this.months.has(t.getUTCMonth() + 1)) {
        t.setUTCMonth(t.getUTCMonth() + 1, 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.days.has(t.getUTCDate()) || !this.weekdays.has(t.getUTCDay())) {
        t.setUTCDate(t.getUTCDate() + 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.hours.has(t.getUTCHours())) {
        t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      } else if (!this.minutes.has(t.getUTCMinutes())) {
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      } else if (!this.seconds.has(t.getUTCSeconds())) {
        t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
      } else {
        return t;
      }
    }
    throw new Error(`NCRONTAB expression "${this.expression}" has no occurrence within ${searchYears} years`);
  }
}

function parseField(text: string, spec: FieldSpec, expression: string): Set<number> {
  const fail = (why: string): never => {
    throw new Error(`NCRONTAB expression "${expression}": ${spec.name} field "${text}" ${why}`);
  };
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [rangeText = '', stepText, extra] = part.split('/');
    if (extra !== undefined || rangeText === '') fail('is malformed');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) fail(`has an invalid step "${stepText}"`);

    let from: number;
    let to: number;
    if (rangeText === '*') {
      from = spec.min;
      to = spec.max;
    } else if (rangeText.includes('-')) {
      const [a = '', b = ''] = rangeText.split('-');
      from = toValue(a, spec, fail);
      to = toValue(b, spec, fail);
      if (to < from) fail('has a range that ends before it starts');
    } else {
      from = toValue(rangeText, spec, fail);
      // `a/n` means "from a to the end, every n"; a bare value is just itself.
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(spec === dayOfWeek && v === 7 ? 0 : v);
  }
  return values;
}

function toValue(text: string, spec: FieldSpec, fail: (why: string) => never): number {
  const byName = spec.names?.indexOf(text.toUpperCase().slice(0, 3)) ?? -1;
  if (byName >= 0 && /^[a-z]+$/i.test(text)) return byName + spec.min;
  if (!/^\d+$/.test(text)) return fail(`has an invalid value "${text}"`);
  const value = Number(text);
  // NCrontab accepts 7 for Sunday in the day-of-week field.
  const max = spec === dayOfWeek ? 7 : spec.max;
  if (value < spec.min || value > max) return fail(`has ${value} outside ${spec.min}-${spec.max}`);
  return value;
}
