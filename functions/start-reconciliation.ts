import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { problemResponse, validationProblem } from '../src/http/problem-response.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { parseReconciliationRequest } from '../src/reconcile/parse-reconciliation-request.js';
import { reconciliationView } from '../src/reconcile/reconciliation-views.js';
import { startReconciliation } from '../src/reconcile/start-reconciliation.js';

/** POST /api/reconciliations: compare the desired state with Graph now (`{dryRun?}`); the run is queued. */
export async function startReconciliationHandler(request: HttpRequest, _context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const services = getServices();
  const hasBody = Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
  const body = hasBody ? await readJsonBody(request, 64 * 1024) : { ok: true as const, value: undefined };
  if (!body.ok) return body.response;
  const parsed = parseReconciliationRequest(body.value);
  if (!parsed.ok) return validationProblem(parsed.errors);
  const outcome = await startReconciliation(services, { dryRun: parsed.value.dryRun, trigger: 'api', requestedBy: caller });
  if (outcome.kind === 'busy') {
    const { reconciliationId } = outcome.run;
    return problemResponse(409, 'conflict', 'A reconciliation is already under way',
      `Reconciliation '${reconciliationId}' is ${outcome.run.status}; wait for it to finish (GET /api/reconciliations/${reconciliationId}).`,
      { reconciliationId });
  }
  const { run } = outcome;
  return { status: 202, headers: { Location: `/api/reconciliations/${run.reconciliationId}` }, jsonBody: reconciliationView(run) };
}

app.http('start-reconciliation', {
  route: 'reconciliations',
  methods: ['POST'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.admin, startReconciliationHandler),
});
