import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { problemResponse, validationProblem } from '../src/http/problem-response.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { readingGraph } from '../src/http/reading-graph.js';
import { submitJob } from '../src/jobs/submit-job.js';
import type { ItemPlan } from '../src/plan/plan-items.js';
import { acceptedJobResponse } from '../src/http/accepted-job-response.js';

const skippedView = (p: ItemPlan) => ({ index: p.index, ref: p.ref });

/**
 * POST /api/jobs: validate a batch, record it, queue one message per PATCH. With `dryRun` it
 * answers 200 with a plan; with `skipNoop` the items Graph already agrees with are left out.
 */
export async function submitJobHandler(request: HttpRequest, _context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const services = getServices();
  const body = await readJsonBody(request, services.config.intake.maxRequestBytes);
  if (!body.ok) return body.response;
  const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
  const outcome = await readingGraph(() =>
    submitJob(services, body.value, {
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      caller,
    }),
  );
  if (!('kind' in outcome)) return outcome;
  switch (outcome.kind) {
    case 'invalid':
      return validationProblem(outcome.errors);
    case 'keyReused':
      return problemResponse(409, 'idempotency-key-reused', 'Idempotency-Key already used',
        `This Idempotency-Key was used for job ${outcome.jobId} with a different body.`, { jobId: outcome.jobId });
    case 'accepted':
      return acceptedJobResponse(outcome.job, outcome.replayed, { skipped: outcome.skipped.map(skippedView) });
    case 'planned': {
      const count = (action: string) => outcome.plan.filter((p) => p.action === action).length;
      return {
        status: 200,
        jsonBody: { dryRun: true, itemCount: outcome.plan.length, changes: count('change'), noops: count('noop'), unavailable: count('unavailable'), items: outcome.plan },
      };
    }
    case 'nothingToChange':
      return { status: 200, jsonBody: { jobId: null, status: 'nothingToChange', itemCount: 0, skipped: outcome.skipped.map(skippedView) } };
  }
}

app.http('submit-job', {
  route: 'jobs',
  methods: ['POST'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.write, submitJobHandler),
});
