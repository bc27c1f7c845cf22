import type { ApiVersion } from '../catalog/catalog-endpoints.js';
import type { AttemptRecord } from '../model/job-model.js';
import { GraphReadError } from '../ports/graph-read-error.js';
import type { GraphObject, GraphReader } from '../ports/graph-reader.js';
import type { Verdict } from './classify-outcome.js';

/** What reading a collection before a write gave: its members, or why the write cannot go ahead now. */
export type ReadBeforeWrite =
  | { readonly ok: true; readonly value: GraphObject[] }
  /** The read failed: retry the unit later (`retry`) or fail it with Graph's refusal (`failed`). */
  | { readonly ok: false; readonly verdict: Exclude<Verdict, { kind: 'succeeded' }>; readonly record: AttemptRecord };

/**
 * Lists a collection under the read budget before writing what depends on it. A refusal (403,
 * 404: the policy is gone) fails the items with Graph's status and code; throttling or outages
 * that outlast the reader's own retries send the unit back for a later attempt, nothing written.
 */
export async function readBeforeWrite(reader: GraphReader, apiVersion: ApiVersion, path: string, what: string): Promise<ReadBeforeWrite> {
  const started = Date.now();
  try {
    const listed = await reader.list(apiVersion, path);
    if (listed.ok) return { ok: true, value: listed.value };
    return {
      ok: false,
      verdict: { kind: 'failed' },
      record: {
        httpStatus: listed.status,
        graphRequestId: listed.requestId,
        clientRequestId: undefined,
        errorCode: listed.errorCode ?? `Http${listed.status}`,
        errorMessage: `Graph refused to read ${what} (GET ${apiVersion} ${path}): ${listed.errorMessage ?? `status ${listed.status}`}`,
        durationMs: Date.now() - started,
      },
    };
  } catch (error) {
    if (!(error instanceof GraphReadError)) throw error;
    return {
      ok: false,
      verdict: error.retryable ? { kind: 'retry', retryAfterMs: undefined } : { kind: 'failed' },
      record: {
        httpStatus: undefined,
        graphRequestId: undefined,
        clientRequestId: undefined,
        errorCode: 'GraphReadFailed',
        errorMessage: `could not read ${what}: ${error.message}`,
        durationMs: Date.now() - started,
      },
    };
  }
}
