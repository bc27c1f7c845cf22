import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { problemResponse } from '../src/http/problem-response.js';
import { reconciliationReportView } from '../src/reconcile/reconciliation-views.js';

/** GET /api/reconciliations/{reconciliationId}: the run and its drift report. */
export async function getReconciliationHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'reconciliationId');
  if (!routeId.ok) return routeId.response;
  const id = routeId.value;
  const { runs, reports } = getServices();
  const run = await runs.get(id);
  if (!run) return problemResponse(404, 'not-found', 'Reconciliation not found', `There is no reconciliation '${id}'.`);
  const drift = run.status === 'succeeded' ? await reports.load(id) : undefined;
  return { status: 200, jsonBody: reconciliationReportView(run, drift) };
}

app.http('get-reconciliation', {
  route: 'reconciliations/{reconciliationId}',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, getReconciliationHandler),
});
