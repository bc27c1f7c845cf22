/**
 * How validation reports: one error per field, named by a path such as `items[3].body.target`,
 * collected into a bounded list.
 */

/**
 * One reason a submission was refused.
 *
 * `message` completes a sentence whose subject is the field ("`items[2].path` must start with
 * '/'"), so the HTTP layer can show either part alone or both together.
 */
export interface FieldError {
  /** Index of the item in `items`, when the error belongs to one item. */
  readonly index?: number;
  /**
   * Where the problem is, e.g. `items[3].body.target.groupId`, `items[0].path`, `label`.
   * Keys that are not plain identifiers are written in brackets with JSON quoting
   * (`items[0].body["@odata.type"]`) so that the name stays unambiguous. `''` is the request
   * body as a whole, as in JSON Pointer.
   */
  readonly field: string;
  readonly message: string;
}

/**
 * Receives one validation error. Checkers take this instead of an error list so that they do
 * not need to know which item they are in or whether the list is already full.
 */
export type ReportError = (field: string, message: string) => void;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Keys come from the caller: a megabyte-long key must not end up in every error message. */
const MAX_KEY_LENGTH = 64;

/**
 * Appends a key or an array index to a field path: `fieldPath('items', 3)` is `items[3]`,
 * `fieldPath('items[3].body', 'target')` is `items[3].body.target`, and keys that are not
 * identifiers are bracketed with JSON quoting (`body["@odata.type"]`), which also escapes
 * control characters.
 */
export function fieldPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const shown = key.length > MAX_KEY_LENGTH ? `${key.slice(0, MAX_KEY_LENGTH)}…` : key;
  if (IDENTIFIER.test(shown)) return base === '' ? shown : `${base}.${shown}`;
  return `${base}[${JSON.stringify(shown)}]`;
}

/**
 * Collects every error of a submission but keeps only the first few: a 10,000-item job with
 * one mistake per item must still produce a response of reasonable size, and the count of the
 * rest tells the caller how much is wrong.
 */
export class ErrorList {
  /** @default 100 */
  static readonly DEFAULT_LIMIT = 100;

  readonly #limit: number;
  readonly #kept: FieldError[] = [];
  #count = 0;

  constructor(limit: number = ErrorList.DEFAULT_LIMIT) {
    this.#limit = limit;
  }

  /** Number of errors reported, including those not kept. */
  get count(): number {
    return this.#count;
  }

  add(error: FieldError): void {
    this.#count++;
    if (this.#kept.length < this.#limit) this.#kept.push(Object.freeze({ ...error }));
  }

  /** A reporter that tags every error with `index` (when given). */
  reporter(index?: number): ReportError {
    return index === undefined
      ? (field, message) => this.add({ field, message })
      : (field, message) => this.add({ index, field, message });
  }

  /** The kept errors, followed by one entry on the whole request saying how many were left out. */
  toArray(): FieldError[] {
    const list = [...this.#kept];
    const omitted = this.#count - this.#kept.length;
    if (omitted > 0) {
      list.push({
        field: '',
        message: `has ${omitted} more error${omitted === 1 ? '' : 's'} not listed (only the first ${this.#limit} are shown)`,
      });
    }
    return list;
  }
}

/**
 * A reporter that remembers whether it was called, for checkers that report every problem and
 * return their value only when there was none.
 */
export function noting(report: ReportError): { note: ReportError; failed: () => boolean } {
  let failed = false;
  return {
    note: (field, message) => {
      failed = true;
      report(field, message);
    },
    failed: () => failed,
  };
}
