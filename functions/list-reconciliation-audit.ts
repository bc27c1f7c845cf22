import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { problemResponse } from '../src/http/problem-response.js';
import { readPaging } from '../src/http/read-paging.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { auditEntryView } from '../src/audit/audit-entry-view.js';

/** GET /api/reconciliations/{reconciliationId}/audit: who started the run, and when. */
export async function listReconciliationAuditHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'reconciliationId');
  if (!routeId.ok) return routeId.response;
  const id = routeId.value;
  const paging = readPaging(request, 100);
  if (!paging.ok) return paging.response;
  const { runs, audit } = getServices();
  if (!(await runs.get(id))) return problemResponse(404, 'not-found', 'Reconciliation not found', `There is no reconciliation '${id}'.`);
  const page = await audit.list({ kind: 'reconciliation', id }, paging.value);
  return { status: 200, jsonBody: { entries: page.values.map(auditEntryView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-reconciliation-audit', {
  route: 'reconciliations/{reconciliationId}/audit',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listReconciliationAuditHandler),
});
