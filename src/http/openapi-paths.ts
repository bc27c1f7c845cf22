import { APP_ROLES, type AppRole } from '../model/app-roles.js';

/** Every route of the API, relative to the server URL `/api`. */
const schema = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string) => ({ $ref: `#/components/responses/${name}` });
const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const json = (description: string, body: Record<string, unknown>, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: body } },
});
const location = { Location: { description: 'Where the new record can be read.', schema: { type: 'string' } } };

/** Answers every protected route may give besides its own. */
const guarded = { 401: response('Unauthorized'), 403: response('Forbidden'), 503: response('Unavailable') };

function operation(role: AppRole | null, fields: Record<string, unknown> & { responses: Record<string, unknown> }) {
  if (role === null) return { security: [], ...fields };
  return {
    security: [{ bearerAuth: [] }],
    'x-required-role': role,
    ...fields,
    description: `${(fields.description as string | undefined) ?? ''}\n\nNeeds the app role \`${role}\`${role === APP_ROLES.admin ? '' : ' (or `BulkAssign.Admin`)'} when AUTH_MODE is entra.`.trim(),
    responses: { ...fields.responses, ...guarded },
  };
}

const jobRoute = (summary: string, operationId: string, ok: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  operation(APP_ROLES.write, {
    operationId,
    summary,
    parameters: [parameter('jobId')],
    responses: { ...ok, 400: response('BadRequest'), 404: response('NotFound'), 409: response('Conflict'), ...extra },
  });

export const paths = {
  '/jobs': {
    get: operation(APP_ROLES.read, {
      operationId: 'listJobs',
      summary: 'Recent jobs, newest first',
      parameters: [parameter('limit'), parameter('continuationToken'), parameter('submittedBy')],
      responses: { 200: json('A page of jobs.', schema('JobPage')), 400: response('BadRequest') },
    }),
    post: operation(APP_ROLES.write, {
      operationId: 'submitJob',
      summary: 'Submit a batch of assignment changes',
      description: 'Validates every item against the catalog, records the job and queues one message per item. With `dryRun` answers 200 with a plan; with `skipNoop` leaves out the items Graph already holds.',
      parameters: [
        {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'The same key returns the same job and queues nothing twice; the same key with another body is 409.',
          schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        },
      ],
      requestBody: { required: true, content: { 'application/json': { schema: schema('JobSubmission') } } },
      responses: {
        202: json('Recorded and queued.', schema('JobAccepted'), {
          ...location,
          'Idempotent-Replayed': { description: '`true` when an earlier submission with this Idempotency-Key made the job.', schema: { type: 'string' } },
        }),
        200: json('A plan (`dryRun`), or nothing left to change (`skipNoop`).', { oneOf: [schema('JobPlan'), schema('NothingToChange')] }),
        400: response('BadRequest'),
        409: response('Conflict'),
        413: response('PayloadTooLarge'),
        415: response('UnsupportedMediaType'),
        502: response('GraphRefused'),
      },
    }),
  },
  '/job-uploads': {
    post: operation(APP_ROLES.write, {
      operationId: 'createJobUpload',
      summary: 'Open an upload of up to 100,000 items',
      description: 'A job too large for one request: send its pages with PUT, then submit by its expiresAt; after that the upload expires (410 on its routes) and its pages are deleted. Nothing is checked against the catalog until the pages arrive.',
      requestBody: { required: true, content: { 'application/json': { schema: schema('JobUploadRequest') } } },
      responses: { 201: json('The upload, with the pages it expects.', schema('JobUpload'), location), 400: response('BadRequest'), 413: response('PayloadTooLarge'), 415: response('UnsupportedMediaType') },
    }),
  },
  '/job-uploads/{uploadId}': {
    get: operation(APP_ROLES.read, {
      operationId: 'getJobUpload',
      summary: 'An upload: the pages received, and its job once submitted',
      parameters: [parameter('uploadId')],
      responses: { 200: json('The upload.', schema('JobUpload')), 400: response('BadRequest'), 404: response('NotFound'), 410: response('UploadExpired') },
    }),
  },
  '/job-uploads/{uploadId}/pages/{page}': {
    put: operation(APP_ROLES.write, {
      operationId: 'putJobUploadPage',
      summary: "One page of an upload's items",
      description: 'Exactly the items the page holds, each checked as POST /api/jobs checks it and named by its index in the whole job. The same page sent again with the same items is accepted again; with other items it is 409.',
      parameters: [parameter('uploadId'), parameter('page')],
      requestBody: { required: true, content: { 'application/json': { schema: schema('UploadPage') } } },
      responses: {
        200: json('The page is stored.', schema('UploadPageStored')),
        400: response('BadRequest'),
        404: response('NotFound'),
        409: response('Conflict'),
        410: response('UploadExpired'),
        413: response('PayloadTooLarge'),
        415: response('UnsupportedMediaType'),
      },
    }),
  },
  '/job-uploads/{uploadId}/submit': {
    post: operation(APP_ROLES.write, {
      operationId: 'submitJobUpload',
      summary: 'Make the job of a complete upload',
      description: 'Every item is checked again across pages (two items may not change one assignment); the job is recorded and answered at once, as a large POST /api/jobs is. Submitting again answers with the same job.',
      parameters: [parameter('uploadId')],
      responses: {
        202: json('Recorded; its intake writes and queues the items.', schema('JobAccepted'), {
          ...location,
          'Idempotent-Replayed': { description: '`true` when an earlier submit made the job.', schema: { type: 'string' } },
        }),
        400: response('BadRequest'),
        404: response('NotFound'),
        409: response('Conflict'),
        410: response('UploadExpired'),
      },
    }),
  },
  '/jobs/{jobId}': {
    get: operation(APP_ROLES.read, {
      operationId: 'getJob',
      summary: 'A job: status and exact counts',
      parameters: [parameter('jobId')],
      responses: { 200: json('The job.', schema('Job')), 400: response('BadRequest'), 404: response('NotFound') },
    }),
  },
  '/jobs/{jobId}/items': {
    get: operation(APP_ROLES.read, {
      operationId: 'listJobItems',
      summary: "What happened to each of a job's changes, in index order",
      parameters: [parameter('jobId'), parameter('status'), parameter('limit'), parameter('continuationToken')],
      responses: { 200: json('A page of items.', schema('ItemPage')), 400: response('BadRequest'), 404: response('NotFound') },
    }),
  },
  '/jobs/{jobId}/cancel': {
    post: jobRoute('Cancel what has not run', 'cancelJob', { 202: json('Items not yet applied end canceled.', schema('CancelResult')) }),
  },
  '/jobs/{jobId}/retry': {
    post: jobRoute('Queue failed items again', 'retryJob', { 202: json('Failed items are queued for a fresh run of attempts.', schema('RetryResult')) }),
  },
  '/jobs/{jobId}/undo': {
    post: jobRoute(
      'Put back what a job changed',
      'undoJob',
      { 202: json('A new job (source `undo`) that restores every assignment the job changed, unless it changed again since.', schema('UndoAccepted'), location) },
      { 502: response('GraphRefused') },
    ),
  },
  '/jobs/{jobId}/audit': {
    get: operation(APP_ROLES.read, {
      operationId: 'listJobAudit',
      summary: "Who changed the job's state, when, and how, oldest first",
      parameters: [parameter('jobId'), parameter('limit'), parameter('continuationToken')],
      responses: { 200: json('A page of audit entries.', schema('AuditPage')), 400: response('BadRequest'), 404: response('NotFound') },
    }),
  },
  '/events': {
    post: operation(APP_ROLES.write, {
      operationId: 'receiveEvents',
      summary: 'CloudEvents 1.0 (structured or batch) or Event Grid events',
      description: 'Also answers the Event Grid subscription validation handshake.',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } },
          'application/cloudevents+json': { schema: { type: 'object' } },
          'application/cloudevents-batch+json': { schema: { type: 'array', items: { type: 'object' } } },
        },
      },
      responses: {
        200: json('What became of each event, or the validation answer.', { oneOf: [schema('EventsResult'), schema('SubscriptionValidation')] }),
        400: response('BadRequest'),
        413: response('PayloadTooLarge'),
        415: response('UnsupportedMediaType'),
        502: response('GraphRefused'),
      },
    }),
    options: operation(APP_ROLES.write, {
      operationId: 'validateEventsWebhook',
      summary: 'CloudEvents webhook abuse protection',
      parameters: [{ name: 'WebHook-Request-Origin', in: 'header', required: true, schema: { type: 'string' } }],
      responses: {
        200: {
          description: 'The origin is allowed to deliver.',
          headers: { 'WebHook-Allowed-Origin': { schema: { type: 'string' } }, 'WebHook-Allowed-Rate': { schema: { type: 'string' } } },
        },
        400: response('BadRequest'),
      },
    }),
  },
  '/reconciliations': {
    get: operation(APP_ROLES.read, {
      operationId: 'listReconciliations',
      summary: 'Recent reconciliation runs, newest first',
      parameters: [parameter('limit'), parameter('continuationToken')],
      responses: { 200: json('A page of runs.', schema('ReconciliationPage')), 400: response('BadRequest') },
    }),
    post: operation(APP_ROLES.admin, {
      operationId: 'startReconciliation',
      summary: 'Compare the desired state with Graph now',
      requestBody: { required: false, content: { 'application/json': { schema: schema('ReconciliationRequest') } } },
      responses: {
        202: json('The run is queued.', schema('Reconciliation'), location),
        400: response('BadRequest'),
        409: response('Conflict'),
        413: response('PayloadTooLarge'),
        415: response('UnsupportedMediaType'),
      },
    }),
  },
  '/reconciliations/{reconciliationId}': {
    get: operation(APP_ROLES.read, {
      operationId: 'getReconciliation',
      summary: 'A run and its drift report',
      parameters: [parameter('reconciliationId')],
      responses: { 200: json('The run and every difference it found.', schema('ReconciliationReport')), 400: response('BadRequest'), 404: response('NotFound') },
    }),
  },
  '/reconciliations/{reconciliationId}/audit': {
    get: operation(APP_ROLES.read, {
      operationId: 'listReconciliationAudit',
      summary: 'Who started the run, and when',
      parameters: [parameter('reconciliationId'), parameter('limit'), parameter('continuationToken')],
      responses: { 200: json('A page of audit entries.', schema('AuditPage')), 400: response('BadRequest'), 404: response('NotFound') },
    }),
  },
  '/health': {
    get: operation(null, {
      operationId: 'getHealth',
      summary: 'Storage reachability, the settings in force, and each Graph budget\'s pause and backlog',
      responses: { 200: json('Healthy.', schema('Health')), 503: json('Storage cannot be reached.', schema('Health')) },
    }),
  },
  '/status': {
    get: operation(null, {
      operationId: 'getStatusPage',
      summary: 'The status page',
      description: 'Static HTML that reads this API with the caller\'s own identity; it holds no data itself.',
      responses: {
        200: { description: 'The page.', content: { 'text/html': { schema: { type: 'string' } } } },
        304: { description: 'The page has not changed (If-None-Match).' },
      },
    }),
  },
  '/status/{asset}': {
    get: operation(null, {
      operationId: 'getStatusPageAsset',
      summary: "The status page's script and style",
      parameters: [{ name: 'asset', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        200: {
          description: 'The file.',
          content: { 'text/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } },
        },
        304: { description: 'The file has not changed (If-None-Match).' },
        404: response('NotFound'),
      },
    }),
  },
  '/openapi.json': {
    get: operation(null, {
      operationId: 'getOpenApiDocument',
      summary: 'This document',
      responses: { 200: json('The OpenAPI 3.1 document of the API.', schema('OpenApiDocument')) },
    }),
  },
} as const;
