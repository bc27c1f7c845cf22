import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { problemResponse, validationProblem } from '../src/http/problem-response.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { readRouteId } from '../src/http/read-route-id.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { createUpload, getUpload, pageCount, putUploadPage, uploadView } from '../src/jobs/job-uploads.js';
import { submitUpload } from '../src/jobs/submit-upload.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import type { JobUpload } from '../src/model/job-upload.js';
import { acceptedJobResponse } from '../src/http/accepted-job-response.js';

/** POST /api/job-uploads: opens an upload of up to 100,000 items, delivered in pages. */
async function createUploadHandler(request: HttpRequest, _context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  const services = getServices();
  const body = await readJsonBody(request, services.config.intake.maxRequestBytes);
  if (!body.ok) return body.response;
  const outcome = await createUpload(services, body.value, caller);
  if (outcome.kind === 'invalid') return validationProblem(outcome.errors);
  return { status: 201, headers: { Location: `/api/job-uploads/${outcome.upload.uploadId}` }, jsonBody: await uploadView(services, outcome.upload) };
}

/** GET /api/job-uploads/{uploadId}: the pages received so far, and the job once submitted. */
async function getUploadHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'uploadId');
  if (!routeId.ok) return routeId.response;
  const services = getServices();
  const outcome = await getUpload(services, routeId.value);
  if (outcome.kind === 'notFound') return notFound(routeId.value);
  if (outcome.kind === 'expired') return expired(outcome.upload);
  return { status: 200, jsonBody: await uploadView(services, outcome.upload) };
}

/** PUT /api/job-uploads/{uploadId}/pages/{page}: one page of items, `{items: [...]}`. */
async function putPageHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'uploadId');
  if (!routeId.ok) return routeId.response;
  const pageText = request.params.page ?? '';
  if (!/^\d{1,6}$/.test(pageText)) {
    return problemResponse(400, 'invalid-request', 'Invalid page', `page must be a page number; got ${JSON.stringify(pageText.slice(0, 40))}.`, {
      errors: [{ field: 'page', message: 'must be a page number' }],
    });
  }
  const services = getServices();
  const body = await readJsonBody(request, services.config.intake.maxRequestBytes);
  if (!body.ok) return body.response;
  const outcome = await putUploadPage(services, routeId.value, Number(pageText), body.value);
  switch (outcome.kind) {
    case 'notFound':
      return notFound(routeId.value);
    case 'expired':
      return expired(outcome.upload);
    case 'submitted':
      return problemResponse(409, 'conflict', 'Upload already submitted', `Upload '${routeId.value}' became job ${outcome.upload.jobId}; its pages no longer change.`, { jobId: outcome.upload.jobId });
    case 'different':
      return problemResponse(409, 'conflict', 'Page already uploaded', `Page ${outcome.page} of upload '${routeId.value}' was stored with other items; a page never changes. Open a new upload to send other items.`);
    case 'invalid':
      return validationProblem(outcome.errors);
    default:
      return { status: 200, jsonBody: { uploadId: outcome.upload.uploadId, page: outcome.page, itemCount: outcome.itemCount, pageCount: pageCount(outcome.upload) } };
  }
}

/** POST /api/job-uploads/{uploadId}/submit: the job of a complete upload; 202 as `POST /api/jobs`. */
async function submitUploadHandler(request: HttpRequest): Promise<HttpResponseInit> {
  const routeId = readRouteId(request, 'uploadId');
  if (!routeId.ok) return routeId.response;
  const outcome = await submitUpload(getServices(), routeId.value);
  switch (outcome.kind) {
    case 'notFound':
      return notFound(routeId.value);
    case 'expired':
      return expired(outcome.upload);
    case 'incomplete':
      return problemResponse(409, 'conflict', 'Upload incomplete', `Upload '${routeId.value}' is missing page(s) ${outcome.missing.slice(0, 20).join(', ')}${outcome.missing.length > 20 ? ', …' : ''}.`, {
        errors: outcome.missing.slice(0, 100).map((page) => ({ field: `pages[${page}]`, message: 'has not been uploaded' })),
      });
    case 'invalid':
      return validationProblem(outcome.errors);
    case 'accepted':
      return acceptedJobResponse(outcome.job, outcome.replayed);
  }
}

function notFound(uploadId: string): HttpResponseInit {
  return problemResponse(404, 'not-found', 'Upload not found', `There is no upload '${uploadId}'.`);
}

/** 410: the upload was real but is no more; the client must start again rather than retry. */
function expired(upload: JobUpload): HttpResponseInit {
  return problemResponse(
    410,
    'upload-expired',
    'Upload expired',
    `Upload '${upload.uploadId}' expired at ${upload.expiresAt} without being submitted: it takes no more pages, cannot be submitted, and its pages are deleted. Open a new upload (POST /api/job-uploads) and send its pages again.`,
    { uploadId: upload.uploadId, expiresAt: upload.expiresAt },
  );
}

const authLevel = routeAuthLevel(getServices().config.auth);
app.http('create-job-upload', { route: 'job-uploads', methods: ['POST'], authLevel, handler: guardRoute(getServices, APP_ROLES.write, createUploadHandler) });
app.http('get-job-upload', { route: 'job-uploads/{uploadId}', methods: ['GET'], authLevel, handler: guardRoute(getServices, APP_ROLES.read, getUploadHandler) });
app.http('put-job-upload-page', { route: 'job-uploads/{uploadId}/pages/{page}', methods: ['PUT'], authLevel, handler: guardRoute(getServices, APP_ROLES.write, putPageHandler) });
app.http('submit-job-upload', { route: 'job-uploads/{uploadId}/submit', methods: ['POST'], authLevel, handler: guardRoute(getServices, APP_ROLES.write, submitUploadHandler) });
