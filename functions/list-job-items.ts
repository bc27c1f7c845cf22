import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { problemResponse } from '../src/http/problem-response.js';
import { readPaging } from '../src/http/read-paging.js';
import { itemView } from '../src/jobs/job-views.js';
import { ITEM_STATUSES, type ItemStatus } from '../src/model/job-model.js';

/** GET /api/jobs/{jobId}/items?status=&limit=&continuationToken=: what happened to each change. */
export async function listJobItemsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const status = request.query.get('status') ?? undefined;
  if (status !== undefined && !ITEM_STATUSES.includes(status as ItemStatus)) {
    return problemResponse(400, 'invalid-request', 'Unknown status', `status must be one of ${ITEM_STATUSES.join(', ')}, got '${status}'.`);
  }
  const paging = readPaging(request, 100);
  if (!paging.ok) return paging.response;
  const { store } = getServices();
  const job = await store.getJob(jobId);
  if (!job) return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
  const page = await store.listItems(jobId, { ...paging.value, ...(status ? { status: status as ItemStatus } : {}) });
  return { status: 200, jsonBody: { jobId, items: page.values.map(itemView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-job-items', {
  route: 'jobs/{jobId}/items',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listJobItemsHandler),
});
