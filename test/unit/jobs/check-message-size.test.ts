import { describe, expect, it } from 'vitest';
import { checkMessageSize } from '../../../src/jobs/check-message-size.js';

function item(bodyText: string) {
  return {
    index: 4,
    ref: undefined,
    endpointId: 'deviceCompliancePolicyAssignment',
    apiVersion: 'v1.0' as const,
    params: { deviceCompliancePolicyId: 'p', deviceCompliancePolicyAssignmentId: 'a' },
    path: '/deviceManagement/deviceCompliancePolicies/p/assignments/a',
    body: { note: bodyText },
  };
}

describe('checkMessageSize', () => {
  it('accepts an item whose base64 message fits in 64 KiB', () => {
    expect(checkMessageSize(item('x'.repeat(40_000)))).toEqual([]);
  });

  it('refuses an item whose base64 message would exceed 64 KiB, naming the item and field', () => {
    const [error] = checkMessageSize(item('x'.repeat(50_000)));
    expect(error).toMatchObject({ index: 4, field: 'items[4].body' });
    expect(error?.message).toMatch(/over the 64 KiB \(65536 bytes\)/);
  });
});
