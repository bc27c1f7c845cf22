import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { problemResponse } from '../src/http/problem-response.js';
import { jobView } from '../src/jobs/job-views.js';
import { retryFailedItems } from '../src/jobs/retry-failed-items.js';

/** POST /api/jobs/{jobId}/retry: failed items go back on the queue. */
export async function retryJobHandler(request: HttpRequest, _context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const outcome = await retryFailedItems(getServices(), jobId, caller);
  switch (outcome.kind) {
    case 'notFound':
      return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
    case 'canceled':
      return problemResponse(409, 'conflict', 'Job was canceled', `Job '${jobId}' was canceled; submit a new job instead.`);
    case 'nothingToRetry':
      return problemResponse(409, 'conflict', 'Nothing to retry', `Job '${jobId}' has no failed items.`);
    case 'requeued':
      return { status: 202, jsonBody: { ...jobView(outcome.job), requeued: outcome.requeued } };
  }
}

app.http('retry-job', {
  route: 'jobs/{jobId}/retry',
  methods: ['POST'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.write, retryJobHandler),
});
