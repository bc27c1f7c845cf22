/**
 * Graph could not be read. `retryable` says what to do: true when Graph was throttled for longer
 * than the reader waits, failing with 5xx or unreachable (retry the whole operation later);
 * false when Graph refused the read (permissions) or answered something that cannot be a Graph
 * collection (a foreign or looping `@odata.nextLink`, a page without `value`), which retrying
 * will not change. Nothing was changed either way.
 */
export class GraphReadError extends Error {
  readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown; retryable?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GraphReadError';
    this.retryable = options?.retryable ?? true;
  }
}
