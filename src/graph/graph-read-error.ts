/**
 * Graph could not be read after the reader's own retries: throttled for longer than it waits,
 * failing with 5xx, or unreachable. Retry the whole operation later; nothing was changed.
 */
export class GraphReadError extends Error {
  readonly retryable = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GraphReadError';
  }
}
