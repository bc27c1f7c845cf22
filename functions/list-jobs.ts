import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { readPaging } from '../src/http/read-paging.js';
import { readQueryId } from '../src/http/read-route-id.js';
import { jobView } from '../src/jobs/job-views.js';

/** GET /api/jobs?submittedBy=: recent jobs, newest first, paged; of one caller when `submittedBy` is given. */
export async function listJobsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const paging = readPaging(request, 50);
  if (!paging.ok) return paging.response;
  const submittedBy = readQueryId(request, 'submittedBy');
  if (!submittedBy.ok) return submittedBy.response;
  const page = await getServices().store.listJobs({ ...paging.value, ...(submittedBy.value ? { submittedBy: submittedBy.value } : {}) });
  return { status: 200, jsonBody: { jobs: page.values.map(jobView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-jobs', {
  route: 'jobs',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listJobsHandler),
});
