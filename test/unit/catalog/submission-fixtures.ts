import { expect } from 'vitest';
import type { FieldError } from '../../../src/catalog/validate-submission.js';

/** Real-looking ids, in the shapes Graph uses. */
export const POLICY_ID = '5e8d6c1a-2b3f-4a7d-9c0e-1f2a3b4c5d6e';
export const ASSIGNMENT_ID = '92dc3fef-3fef-92dc-ef3f-dc92ef3fdc92';
export const GROUP_ID = 'b1a2c3d4-e5f6-4789-a012-3456789abcde';
export const FILTER_ID = '0f1e2d3c-4b5a-4697-8877-665544332211';

export const COMPLIANCE_PATH = `/deviceManagement/deviceCompliancePolicies/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`;
export const CONFIG_PATH = `/deviceManagement/deviceConfigurations/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`;
export const CONFIG_COLLECTION_PATH = `/deviceManagement/deviceConfigurations/${POLICY_ID}/assignments`;
export const ENROLLMENT_PATH = `/deviceManagement/deviceEnrollmentConfigurations/${POLICY_ID}/assignments/${ASSIGNMENT_ID}`;

export function groupTarget(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: GROUP_ID, ...extra };
}

/** A valid item for seed 000's endpoint; override any part. */
export function validItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { path: COMPLIANCE_PATH, body: { target: groupTarget() }, ...overrides };
}

type Result = { ok: true } | { ok: false; errors: FieldError[] };

/** The errors of a refused result; fails the test when the input was accepted. */
export function errorsOf(result: Result): FieldError[] {
  if (result.ok) throw new Error('expected the input to be refused, but it was accepted');
  return result.errors;
}

/** Asserts that one error names `field` and that its message contains `text`. */
export function expectError(result: Result, field: string, text: string | RegExp): void {
  const errors = errorsOf(result);
  const atField = errors.filter((e) => e.field === field);
  expect(atField, `no error at ${field}; got ${JSON.stringify(errors)}`).not.toHaveLength(0);
  expect(atField.map((e) => e.message).join(' | ')).toMatch(typeof text === 'string' ? new RegExp(escape(text)) : text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
