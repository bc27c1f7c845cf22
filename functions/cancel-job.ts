import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { problemResponse } from '../src/http/problem-response.js';
import { cancelJob } from '../src/jobs/cancel-job.js';
import { jobView } from '../src/jobs/job-views.js';

/** POST /api/jobs/{jobId}/cancel: items not yet applied end canceled. */
export async function cancelJobHandler(request: HttpRequest, _context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const outcome = await cancelJob(getServices(), jobId, caller);
  switch (outcome.kind) {
    case 'notFound':
      return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
    case 'alreadyComplete':
      return problemResponse(409, 'conflict', 'Job already complete', `Job '${jobId}' ended ${outcome.job.status}; there is nothing left to cancel.`);
    case 'canceled':
      return { status: 202, jsonBody: { ...jobView(outcome.job), canceledItems: outcome.canceledItems } };
  }
}

app.http('cancel-job', {
  route: 'jobs/{jobId}/cancel',
  methods: ['POST'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.write, cancelJobHandler),
});
