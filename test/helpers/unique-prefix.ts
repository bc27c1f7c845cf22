import { randomBytes } from 'node:crypto';

/** A fresh name prefix, so that each test gets its own queues and tables in the shared Azurite. */
export function uniquePrefix(label = 't'): string {
  return `${label.replace(/[^a-z0-9]/g, '').slice(0, 8) || 't'}${randomBytes(5).toString('hex')}`;
}
