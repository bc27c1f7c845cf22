import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { readPaging } from '../src/http/read-paging.js';
import { jobView } from '../src/jobs/job-views.js';

/** GET /api/jobs: recent jobs, newest first, paged. */
export async function listJobsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const paging = readPaging(request, 50);
  if (!paging.ok) return paging.response;
  const page = await getServices().store.listJobs(paging.value);
  return { status: 200, jsonBody: { jobs: page.values.map(jobView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-jobs', {
  route: 'jobs',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listJobsHandler),
});
