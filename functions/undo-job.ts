import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { problemResponse } from '../src/http/problem-response.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { undoJob } from '../src/jobs/undo-job.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { contextLogger } from '../src/shared/context-logger.js';
import { acceptedJobResponse } from '../src/http/accepted-job-response.js';

/** POST /api/jobs/{jobId}/undo: a new job that puts back what the job changed, unless it changed again since. */
export async function undoJobHandler(request: HttpRequest, context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'jobId');
  if (!routeId.ok) return routeId.response;
  const jobId = routeId.value;
  const outcome = await undoJob({ ...getServices(), log: contextLogger(context) }, jobId, caller);
  switch (outcome.kind) {
    case 'notFound':
      return problemResponse(404, 'not-found', 'Job not found', `There is no job '${jobId}'.`);
    case 'notFinished':
      return problemResponse(409, 'conflict', 'Job still running', `Job '${jobId}' is ${outcome.job.status}; it can be undone once every item has ended.`);
    case 'nothingToUndo':
      return problemResponse(409, 'conflict', 'Nothing to undo', `No item of job '${jobId}' changed anything that can be put back.`);
    case 'accepted':
      return acceptedJobResponse(outcome.job, outcome.replayed);
  }
}

app.http('undo-job', {
  route: 'jobs/{jobId}/undo',
  methods: ['POST'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.write, undoJobHandler),
});
