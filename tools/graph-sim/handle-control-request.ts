import { parsePolicyKinds } from './graph-simulator-options.js';
import { parseFaultRules } from './parse-fault-rules.js';
import { inspectAssignments } from './inspect-assignments.js';
import type { SimRuntime } from './sim-runtime.js';
import { graphError, type SimReply } from './sim-reply.js';

/** Routes of the control API, for the index at `GET /_sim`. */
export const CONTROL_ROUTES = [
  'GET /_sim/stats',
  'GET /_sim/writes[?since=<index>]',
  'GET /_sim/faults',
  'POST /_sim/faults',
  'DELETE /_sim/faults',
  'POST /_sim/reset',
  'GET /_sim/assignments?path=<catalog path>',
  'GET /_sim/state',
  'GET /_sim/item-routes',
  'POST /_sim/item-routes',
] as const;

/**
 * The simulator-only API under `/_sim/`. It needs no token and spends no budget: it is how a
 * benchmark or an out-of-process test sets up faults and reads back what the client did, and
 * it does not exist in Graph.
 */
export function handleControlRequest(rt: SimRuntime, method: string, path: string, query: URLSearchParams, bodyText: string): SimReply {
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sim':
      return { status: 200, body: { routes: CONTROL_ROUTES } };
    case 'GET /_sim/stats':
      return { status: 200, body: rt.stats() };
    case 'GET /_sim/writes': {
      const since = Number(query.get('since') ?? '0');
      if (!Number.isInteger(since) || since < 0) return badRequest(`since must be a non-negative integer, got ${query.get('since')}`);
      return { status: 200, body: { total: rt.recorder.length, value: rt.recorder.entries(since) } };
    }
    case 'GET /_sim/faults':
      return { status: 200, body: { value: rt.faults.list() } };
    case 'POST /_sim/faults':
      try {
        rt.faults.set(parseFaultRules(JSON.parse(bodyText || 'null')));
        return { status: 200, body: { value: rt.faults.list() } };
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    case 'DELETE /_sim/faults':
      rt.faults.clear();
      return { status: 204 };
    case 'POST /_sim/reset':
      rt.reset();
      return { status: 204 };
    case 'GET /_sim/assignments': {
      const path = query.get('path');
      if (!path) return badRequest('path is required, e.g. ?path=/deviceManagement/deviceCompliancePolicies/{id}/assignments');
      const found = inspectAssignments(rt.store, path);
      if (found.kind === 'invalidPath') return badRequest(found.message);
      if (found.kind === 'notFound') return graphError(404, 'ResourceNotFound', found.message);
      return { status: 200, body: found.kind === 'collection' ? { value: found.value } : found.value };
    }
    case 'GET /_sim/state':
      return { status: 200, body: rt.store.snapshot() };
    case 'GET /_sim/item-routes':
      return { status: 200, body: { refused: [...rt.refusedItemRoutes] } };
    case 'POST /_sim/item-routes':
      try {
        const input = JSON.parse(bodyText || 'null') as { refused?: unknown } | null;
        rt.refusedItemRoutes = new Set(parsePolicyKinds(input?.refused, 'refused'));
        return { status: 200, body: { refused: [...rt.refusedItemRoutes] } };
      } catch (error) {
        return badRequest(error instanceof Error ? error.message : String(error));
      }
    default:
      return graphError(404, 'ResourceNotFound', `No control route ${route}. Routes: ${CONTROL_ROUTES.join(', ')}.`);
  }
}

function badRequest(message: string): SimReply {
  return graphError(400, 'BadRequest', message);
}
