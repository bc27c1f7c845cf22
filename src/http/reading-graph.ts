import type { HttpResponseInit } from '@azure/functions';
import { GraphReadError } from '../ports/graph-read-error.js';
import { problemResponse } from './problem-response.js';

/**
 * Runs a use case that reads Graph; when Graph stays throttled or unavailable past the reader's
 * own retries, answers 503 with `Retry-After` so the caller tries again, and when Graph refused
 * the read (permissions, an answer that cannot be followed), 502 naming why.
 */
export async function readingGraph<T>(work: () => Promise<T>): Promise<T | HttpResponseInit> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof GraphReadError)) throw error;
    if (!error.retryable) return problemResponse(502, 'graph-refused', 'Graph refused a read', error.message);
    const response = problemResponse(503, 'unavailable', 'Graph could not be read', `${error.message} Try again shortly.`);
    return { ...response, headers: { ...(response.headers as Record<string, string>), 'Retry-After': '30' } };
  }
}
