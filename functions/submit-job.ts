import { app, type HttpRequest, type HttpResponseInit } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { problemResponse, validationProblem } from '../src/http/problem-response.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { submitJob } from '../src/jobs/submit-job.js';

/** POST /api/jobs: validate a batch, record it, queue one message per PATCH. */
export async function submitJobHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const services = getServices();
  const body = await readJsonBody(request, services.config.intake.maxRequestBytes);
  if (!body.ok) return body.response;
  const idempotencyKey = request.headers.get('idempotency-key') ?? undefined;
  const outcome = await submitJob({ ...services, limits: services.config.intake }, body.value, {
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  });
  switch (outcome.kind) {
    case 'invalid':
      return validationProblem(outcome.errors);
    case 'keyReused':
      return problemResponse(409, 'idempotency-key-reused', 'Idempotency-Key already used',
        `This Idempotency-Key was used for job ${outcome.jobId} with a different body.`, { jobId: outcome.jobId });
    case 'accepted': {
      const { job } = outcome;
      return {
        status: 202,
        headers: { Location: `/api/jobs/${job.jobId}`, ...(outcome.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
        jsonBody: { jobId: job.jobId, status: job.status, itemCount: job.counts.total },
      };
    }
  }
}

app.http('submit-job', { route: 'jobs', methods: ['POST'], authLevel: 'function', handler: submitJobHandler });
