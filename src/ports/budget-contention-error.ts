/**
 * Too many instances changed the budget at once and this one lost every conditional write it
 * tried. Nothing was booked: the caller should treat it like a `wait` answer and come back
 * shortly, not fail the write it wanted to send.
 */
export class BudgetContentionError extends Error {
  override readonly name = 'BudgetContentionError';
  /** The caller should retry later; the budget itself is intact. */
  readonly retryable = true;

  constructor(
    readonly entity: string,
    readonly attempts: number,
  ) {
    super(`Gave up on the rate budget ${entity} after ${attempts} attempts, each lost to a concurrent change (ETag conflict)`);
  }
}
