import { describe, expect, it } from 'vitest';
import { GraphReadError } from '../../../src/ports/graph-read-error.js';
import { readingGraph } from '../../../src/http/reading-graph.js';

describe('readingGraph', () => {
  it('answers 503 with Retry-After when Graph stays throttled or unavailable', async () => {
    const answer = await readingGraph(async () => {
      throw new GraphReadError('GET beta /deviceManagement/deviceCompliancePolicies failed with 503 after 4 attempts.');
    });
    expect(answer).toMatchObject({ status: 503, headers: { 'Retry-After': '30' }, jsonBody: { type: 'urn:bulk-assign:problem:unavailable' } });
  });

  it('answers 502 naming why when Graph refused the read, since retrying will not change it', async () => {
    const answer = await readingGraph(async () => {
      throw new GraphReadError('Graph refused GET beta /deviceManagement/deviceCompliancePolicies with 403 Forbidden.', { retryable: false });
    });
    expect(answer).toMatchObject({ status: 502, jsonBody: { type: 'urn:bulk-assign:problem:graph-refused', detail: expect.stringContaining('403') } });
    expect((answer as { headers: Record<string, string> }).headers['Retry-After']).toBeUndefined();
  });

  it('lets any other failure through to the host', async () => {
    await expect(readingGraph(async () => Promise.reject(new Error('storage down')))).rejects.toThrow('storage down');
  });
});
