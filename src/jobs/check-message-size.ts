import { randomUUID } from 'node:crypto';
import type { FieldError, ValidatedItem } from '../catalog/validate-submission.js';
import { encodeWorkMessage, MAX_ENCODED_MESSAGE_BYTES } from '../ports/work-message.js';

/**
 * Refuses an item whose queue message would not fit. The catalog bounds every string of a body,
 * so valid items stay far below the limit today; this guard keeps that true if the catalog grows.
 * Measured on a message with the longest ids and counters it can carry, so no later resend can outgrow it.
 */
export function checkMessageSize(item: ValidatedItem): FieldError[] {
  const probe = encodeWorkMessage({
    v: 1,
    jobId: randomUUID(),
    index: 99_999,
    token: randomUUID(),
    attempt: 99,
    endpointId: item.endpointId,
    apiVersion: item.apiVersion,
    params: item.params,
    body: item.body,
  });
  const size = Buffer.byteLength(probe, 'utf8');
  if (size <= MAX_ENCODED_MESSAGE_BYTES) return [];
  return [
    {
      index: item.index,
      field: `items[${item.index}].body`,
      message: `is too large: its queue message would be ${size} bytes, over the 64 KiB (${MAX_ENCODED_MESSAGE_BYTES} bytes) a storage queue message may hold`,
    },
  ];
}

