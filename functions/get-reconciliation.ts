import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { problemResponse } from '../src/http/problem-response.js';
import { reconciliationReportView } from '../src/reconcile/reconciliation-views.js';

/** GET /api/reconciliations/{reconciliationId}: the run and its drift report. */
export async function getReconciliationHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const id = request.params.reconciliationId ?? '';
  const { runs, reports } = getServices();
  const run = await runs.get(id);
  if (!run) return problemResponse(404, 'not-found', 'Reconciliation not found', `There is no reconciliation '${id}'.`);
  const drift = run.status === 'succeeded' ? await reports.load(id) : undefined;
  return { status: 200, jsonBody: reconciliationReportView(run, drift) };
}

app.http('get-reconciliation', { route: 'reconciliations/{reconciliationId}', methods: ['GET'], authLevel: 'function', handler: getReconciliationHandler });
