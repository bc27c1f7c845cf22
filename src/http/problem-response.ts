import type { HttpResponseInit } from '@azure/functions';
import type { FieldError } from '../catalog/validate-submission.js';

/** Problem kinds this API answers with; each `type` is a stable identifier clients may match on. */
export type ProblemKind =
  | 'invalid-request'
  | 'unauthorized'
  | 'forbidden'
  | 'unsupported-media-type'
  | 'payload-too-large'
  | 'not-found'
  | 'upload-expired'
  | 'conflict'
  | 'idempotency-key-reused'
  | 'unavailable'
  | 'graph-refused';

/** An RFC 9457 problem details response. */
export function problemResponse(
  status: number,
  kind: ProblemKind,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): HttpResponseInit {
  return {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
    jsonBody: { type: `urn:bulk-assign:problem:${kind}`, title, status, detail, ...extra },
  };
}

/** 400 listing every field error, each naming the item index (when there is one) and the field. */
export function validationProblem(errors: readonly FieldError[]): HttpResponseInit {
  const items = new Set(errors.filter((e) => e.index !== undefined).map((e) => e.index));
  const detail =
    items.size > 0
      ? `${errors.length} error(s) in ${items.size} item(s); nothing was queued.`
      : `${errors.length} error(s) in the request; nothing was queued.`;
  return problemResponse(400, 'invalid-request', 'The submission is invalid', detail, { errors });
}
