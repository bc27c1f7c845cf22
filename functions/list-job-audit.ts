import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { problemResponse } from '../src/http/problem-response.js';
import { readPaging } from '../src/http/read-paging.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { auditEntryView } from '../src/audit/audit-entry-view.js';

/** GET /api/jobs/{jobId}/audit: who submitted, canceled, retried or undid the job, and when; oldest first. */
export async function listJobAuditHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const paging = readPaging(request, 100);
  if (!paging.ok) return paging.response;
  const { store, audit } = getServices();
  if (!(await store.getJob(jobId))) return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
  const page = await audit.list({ kind: 'job', id: jobId }, paging.value);
  return { status: 200, jsonBody: { entries: page.values.map(auditEntryView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-job-audit', {
  route: 'jobs/{jobId}/audit',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listJobAuditHandler),
});
