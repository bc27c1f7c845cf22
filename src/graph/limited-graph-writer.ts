import pLimit from 'p-limit';
import type { GraphWriter } from '../ports/graph-writer.js';

/**
 * Bounds the Graph calls one instance has in flight (`WORKER_CONCURRENCY`). The Functions host
 * already bounds invocations per queue; this bounds them across both lanes, so that a burst of
 * deliveries cannot open more connections than configured.
 */
export function limitGraphWriter(writer: GraphWriter, concurrency: number): GraphWriter {
  const limit = pLimit(concurrency);
  return { patch: (request) => limit(() => writer.patch(request)), assign: (request) => limit(() => writer.assign(request)) };
}
