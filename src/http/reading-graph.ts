import type { HttpResponseInit } from '@azure/functions';
import { GraphReadError } from '../graph/graph-read-error.js';
import { problemResponse } from './problem-response.js';

/**
 * Runs a use case that reads Graph; when Graph stays throttled or unavailable past the reader's
 * own retries, answers 503 with `Retry-After` so the caller tries again (nothing was changed).
 */
export async function readingGraph<T>(work: () => Promise<T>): Promise<T | HttpResponseInit> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof GraphReadError)) throw error;
    const response = problemResponse(503, 'unavailable', 'Graph could not be read', `${error.message}. Nothing was changed; try again shortly.`);
    return { ...response, headers: { ...(response.headers as Record<string, string>), 'Retry-After': '30' } };
  }
}
