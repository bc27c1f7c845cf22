import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { problemResponse } from '../src/http/problem-response.js';
import { jobView } from '../src/jobs/job-views.js';

/** GET /api/jobs/{jobId}: status and exact counts, read from the job record alone. */
export async function getJobHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const job = await getServices().store.getJob(jobId);
  if (!job) return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
  return { status: 200, jsonBody: jobView(job) };
}

app.http('get-job', {
  route: 'jobs/{jobId}',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, getJobHandler),
});
