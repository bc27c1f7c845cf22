import { BlobServiceClient } from '@azure/storage-blob';
import { describe, expect, inject, it } from 'vitest';
import type { Item } from '../../src/model/job-model.js';
import { BlobIntakeStaging } from '../../src/storage/blob-intake-staging.js';
import { uniquePrefix } from '../helpers/unique-prefix.js';

const JOB = 'a0000000-0000-4000-8000-000000000001';
const STAGING = 'b0000000-0000-4000-8000-000000000002';

/** Items as a large job stages them: the same policy, path shape and body, over and over. */
function page(first: number, count: number): Item[] {
  return Array.from({ length: count }, (_, n) => {
    const index = first + n;
    return {
      jobId: JOB,
      index,
      ref: `row-${index}`,
      endpointId: 'deviceCompliancePolicyAssignment',
      apiVersion: 'v1.0',
      path: `/deviceManagement/deviceCompliancePolicies/10000000-0000-4000-8000-000000000001/assignments/${index}`,
      params: { policyId: '10000000-0000-4000-8000-000000000001', assignmentId: String(index) },
      body: { target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: `9a000000-0000-4000-8000-${String(index).padStart(12, '0')}` } },
      status: 'queued',
      attempts: 0,
      token: `token-${index}`,
      createdAt: '2026-12-07T05:00:00.000Z',
      updatedAt: '2026-12-07T05:00:00.000Z',
    } as unknown as Item;
  });
}

describe('BlobIntakeStaging', () => {
  it('gives back each staged page as it was put, stored compressed', async () => {
    const connection = inject('storageConnection');
    const containerName = `${uniquePrefix('staging')}-staging`;
    const staging = new BlobIntakeStaging(connection, containerName);
    const pages = [page(0, 1000), page(1000, 1000), page(2000, 17)];

    await staging.putPages(JOB, STAGING, pages);

    for (const [n, expected] of pages.entries()) expect(await staging.getPage(JOB, STAGING, n)).toEqual(expected);
    expect(await staging.getPage(JOB, STAGING, 3)).toBeUndefined();
    const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(containerName);
    const stored = await container.getBlockBlobClient(`${JOB}/${STAGING}/00000.json`).getProperties();
    expect(stored.contentEncoding).toBe('gzip');
    expect(stored.contentLength).toBeLessThan(Buffer.byteLength(JSON.stringify(pages[0])) / 5);
  });

  it('still reads a page stored uncompressed, as staged before pages were compressed', async () => {
    const connection = inject('storageConnection');
    const containerName = `${uniquePrefix('staging')}-staging`;
    const staging = new BlobIntakeStaging(connection, containerName);
    await staging.putPages(JOB, STAGING, []);
    const text = JSON.stringify(page(0, 3));
    const container = BlobServiceClient.fromConnectionString(connection).getContainerClient(containerName);
    await container.getBlockBlobClient(`${JOB}/${STAGING}/00000.json`).upload(text, Buffer.byteLength(text));

    expect(await staging.getPage(JOB, STAGING, 0)).toEqual(page(0, 3));
  });
});
