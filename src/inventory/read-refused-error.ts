import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphReadResult } from '../ports/graph-reader.js';

/**
 * The error a scan ends with when Graph refuses a read it cannot do without (a policy list, a
 * policy's own assignments): a `GraphReadError` that retrying will not cure, with Graph's
 * status, code and request id and what to check.
 */
export function readRefusedError(path: string, refusal: Extract<GraphReadResult<unknown>, { ok: false }>): GraphReadError {
  const code = refusal.errorCode === undefined ? '' : ` ${refusal.errorCode}`;
  const message = refusal.errorMessage === undefined ? '' : `: ${refusal.errorMessage}`;
  const requestId = refusal.requestId === undefined ? '' : ` (request-id ${refusal.requestId})`;
  return new GraphReadError(
    `Graph refused GET beta ${path} with ${refusal.status}${code}${message}${requestId}. The inventory stopped without changing ` +
      'anything; check that the app may read Intune device management (its Graph permissions), then run it again.',
    // A refusal is never 429 or 5xx (the reader retries those, then throws), so retrying cannot help.
    { retryable: false },
  );
}
