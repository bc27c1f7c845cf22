import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import { readPaging } from '../src/http/read-paging.js';
import { reconciliationView } from '../src/reconcile/reconciliation-views.js';

/** GET /api/reconciliations: recent runs, newest first, paged; drift entries come with one run. */
export async function listReconciliationsHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const paging = readPaging(request, 20);
  if (!paging.ok) return paging.response;
  const page = await getServices().runs.list(paging.value);
  return { status: 200, jsonBody: { reconciliations: page.values.map(reconciliationView), continuationToken: page.continuationToken ?? null } };
}

app.http('list-reconciliations', {
  route: 'reconciliations',
  methods: ['GET'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.read, listReconciliationsHandler),
});
