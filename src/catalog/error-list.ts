import type { FieldError } from './field-error.js';
import type { ReportError } from './report-error.js';

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
