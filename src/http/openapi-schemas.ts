/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of every body the API answers with. Objects
 * the service builds itself are closed (`additionalProperties: false`), so a field added to a
 * view without being described here fails the conformance test.
 */
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: Record<string, unknown>) => ({ oneOf: [schema, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const jsonObject = { type: 'object', additionalProperties: true } as const;

const ITEM_STATUSES = ['queued', 'retrying', 'succeeded', 'failed', 'canceled'];
const JOB_STATUSES = ['queued', 'running', 'succeeded', 'partiallySucceeded', 'failed', 'canceled'];

const closed = (required: string[], properties: Record<string, unknown>, description?: string) => ({
  type: 'object',
  ...(description ? { description } : {}),
  required,
  properties,
  additionalProperties: false,
});

const JOB_REQUIRED = ['jobId', 'label', 'source', 'priority', 'status', 'counts', 'createdAt', 'completedAt', 'origin', 'submittedBy', 'intake'];
const jobProperties = {
  jobId: { type: 'string' },
  label: nullable({ type: 'string' }),
  source: { enum: ['api', 'event', 'reconcile', 'undo'] },
  priority: { enum: ['interactive', 'bulk'] },
  status: { enum: JOB_STATUSES },
  counts: ref('JobCounts'),
  createdAt: dateTime,
  completedAt: nullable(dateTime),
  origin: nullable(ref('JobOrigin')),
  intake: ref('JobIntake'),
  submittedBy: { ...nullable(ref('Caller')), description: 'Who submitted the job; null when nobody was asked (AUTH_MODE=none, Event Grid, the nightly timer).' },
};
const RECONCILIATION_REQUIRED = ['reconciliationId', 'status', 'dryRun', 'trigger', 'requestedAt', 'startedAt', 'completedAt', 'documents', 'counts', 'jobId', 'errors', 'failure', 'requestedBy'];
const reconciliationProperties = {
  reconciliationId: { type: 'string' },
  status: { enum: ['queued', 'running', 'succeeded', 'failed'] },
  dryRun: { type: 'boolean' },
  trigger: { enum: ['api', 'timer'] },
  requestedAt: dateTime,
  startedAt: nullable(dateTime),
  completedAt: nullable(dateTime),
  documents: { type: 'array', items: { type: 'string' } },
  counts: nullable(ref('DriftCounts')),
  jobId: nullable({ type: 'string' }),
  errors: { type: 'array', items: ref('DesiredStateError') },
  failure: nullable({ type: 'string' }),
  requestedBy: nullable(ref('Caller')),
};

export const schemas = {
  ProblemDetails: {
    type: 'object',
    description: 'RFC 9457 problem details. `errors` names every field that was wrong, with the item index when there is one.',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string', pattern: '^urn:bulk-assign:problem:[a-z-]+$' },
      title: { type: 'string' },
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: { type: 'string' },
      errors: { type: 'array', items: ref('FieldError') },
      jobId: { type: 'string', description: 'The job an Idempotency-Key is bound to (409).' },
      reconciliationId: { type: 'string', description: 'The run already under way (409).' },
      uploadId: { type: 'string', description: 'The upload that expired (410).' },
      expiresAt: { ...dateTime, description: 'When the upload expired (410).' },
    },
    additionalProperties: false,
  },
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      index: { type: 'integer', minimum: 0, description: 'The item (or event) the error belongs to.' },
      field: { type: 'string', examples: ['items[3].body.target.groupId'] },
      message: { type: 'string' },
    },
    additionalProperties: false,
  },
  Caller: closed(['id', 'kind'], {
    id: { type: 'string', description: "The user's object id (oid), or an application's client id (azp or appid)." },
    kind: { enum: ['user', 'app'] },
    name: { type: 'string', description: 'name or preferred_username from the token.' },
  }, 'Who made a request, as its Entra ID token says.'),
  JobCounts: closed(['total', 'queued', 'retrying', 'succeeded', 'failed', 'canceled'], {
    total: count, queued: count, retrying: count, succeeded: count, failed: count, canceled: count,
  }),
  JobOrigin: closed([], {
    eventId: { type: 'string' },
    eventSource: { type: 'string' },
    eventType: { type: 'string' },
    ruleName: { type: 'string' },
    reconciliationId: { type: 'string' },
    jobId: { type: 'string', description: 'The job an undo job puts back.' },
  }, 'What made a job that was not submitted by hand: an event, a reconciliation run, or the job it undoes.'),
  JobIntake: closed(['status', 'recorded', 'dispatched'], {
    status: { enum: ['inProgress', 'complete'] },
    recorded: { ...count, description: 'Items written to the job so far.' },
    dispatched: { ...count, description: 'Items passed on to their queue so far (or left alone, being no longer queued).' },
  }, 'How far the intake of the job has got: a job of more than 100 items is visible, with exact counts, while its items are still being written and queued.'),
  Job: closed(JOB_REQUIRED, jobProperties),
  JobPage: closed(['jobs', 'continuationToken'], {
    jobs: { type: 'array', items: ref('Job') },
    continuationToken: nullable({ type: 'string' }),
  }),
  ItemError: closed(['code', 'message'], { code: nullable({ type: 'string' }), message: nullable({ type: 'string' }) }),
  Item: closed(
    ['index', 'ref', 'apiVersion', 'path', 'status', 'attempts', 'httpStatus', 'graphRequestId', 'clientRequestId', 'error', 'completedAt'],
    {
      index: count,
      ref: nullable({ type: 'string' }),
      apiVersion: { enum: ['v1.0', 'beta'] },
      path: { type: 'string' },
      body: { ...nullable(jsonObject), description: 'The change as sent to Graph, so the item can be exported and submitted again.' },
      status: { enum: ITEM_STATUSES },
      attempts: count,
      httpStatus: nullable({ type: 'integer' }),
      graphRequestId: nullable({ type: 'string' }),
      clientRequestId: nullable({ type: 'string' }),
      error: nullable(ref('ItemError')),
      durationMs: nullable(count),
      nextAttemptAt: nullable(dateTime),
      updatedAt: dateTime,
      completedAt: nullable(dateTime),
      action: nullable({ enum: ['add', 'remove'] }),
      policy: nullable({ type: 'string' }),
      via: { enum: ['patch', 'assign'], description: "How the item is written: its own PATCH, or its policy's /assign (assignment-set items, and PATCH items Graph had no route for)." },
      noop: nullable({ type: 'boolean' }),
      before: nullable(jsonObject),
      after: nullable(jsonObject),
    },
  ),
  ItemPage: closed(['jobId', 'items', 'continuationToken'], {
    jobId: { type: 'string' },
    items: { type: 'array', items: ref('Item') },
    continuationToken: nullable({ type: 'string' }),
  }),
  PatchItem: {
    type: 'object',
    description: 'PATCH of one assignment.',
    required: ['path', 'body'],
    properties: {
      ref: { type: 'string', description: "The caller's own reference, echoed in results." },
      apiVersion: { enum: ['v1.0', 'beta'] },
      path: { type: 'string', examples: ['/v1.0/deviceManagement/deviceCompliancePolicies/{id}/assignments/{id}'] },
      body: jsonObject,
    },
  },
  AssignmentSetItem: {
    type: 'object',
    description: "Adds or removes one target in a policy's set of assignments.",
    required: ['action', 'policy', 'target'],
    properties: {
      ref: { type: 'string' },
      apiVersion: { enum: ['v1.0', 'beta'] },
      action: { enum: ['add', 'remove'] },
      policy: { type: 'string', examples: ['/deviceManagement/deviceCompliancePolicies/{id}'] },
      target: jsonObject,
      intent: { enum: ['apply', 'remove'] },
    },
  },
  JobSubmission: {
    type: 'object',
    required: ['items'],
    properties: {
      label: { type: 'string' },
      priority: { enum: ['interactive', 'bulk'] },
      dryRun: { type: 'boolean', description: 'Answer 200 with a plan; nothing is recorded or queued.' },
      skipNoop: { type: 'boolean', description: 'Leave out the items Graph already holds.' },
      items: { type: 'array', maxItems: 10000, items: { oneOf: [ref('PatchItem'), ref('AssignmentSetItem')] } },
    },
  },
  JobUploadRequest: {
    type: 'object',
    required: ['itemCount'],
    additionalProperties: false,
    properties: {
      label: { type: 'string' },
      priority: { enum: ['interactive', 'bulk'] },
      itemCount: { type: 'integer', minimum: 1, maximum: 100000, description: 'Items the job will hold, numbered from 0 across the pages.' },
      pageSize: { type: 'integer', minimum: 1, maximum: 10000, description: 'Items per page (the last holds the rest). Default 10,000.' },
    },
  },
  JobUpload: closed(['uploadId', 'label', 'priority', 'itemCount', 'pageSize', 'pageCount', 'pagesReceived', 'jobId', 'createdAt', 'expiresAt'], {
    uploadId: { type: 'string' },
    label: nullable({ type: 'string' }),
    priority: nullable({ enum: ['interactive', 'bulk'] }),
    itemCount: count,
    pageSize: count,
    pageCount: count,
    pagesReceived: { type: 'array', items: count },
    jobId: { ...nullable({ type: 'string' }), description: 'The job made of the upload, once submitted.' },
    createdAt: dateTime,
    expiresAt: {
      ...nullable(dateTime),
      description: 'Until when the upload waits for its submit (UPLOAD_EXPIRES_AFTER_SECONDS after createdAt); after it, its routes answer 410 and its pages are removed. Null once submitted: the job owns the items.',
    },
  }, 'A job of up to 100,000 items delivered in pages.'),
  UploadPage: {
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', maxItems: 10000, items: { oneOf: [ref('PatchItem'), ref('AssignmentSetItem')] } } },
  },
  UploadPageStored: closed(['uploadId', 'page', 'itemCount', 'pageCount'], { uploadId: { type: 'string' }, page: count, itemCount: count, pageCount: count }),
  SkippedItem: closed(['index', 'ref'], { index: count, ref: nullable({ type: 'string' }) }),
  JobAccepted: closed(['jobId', 'status', 'itemCount'], {
    jobId: { type: 'string' },
    status: { enum: JOB_STATUSES },
    itemCount: count,
    skipped: { type: 'array', items: ref('SkippedItem') },
  }),
  NothingToChange: closed(['jobId', 'status', 'itemCount', 'skipped'], {
    jobId: { type: 'null' },
    status: { const: 'nothingToChange' },
    itemCount: { const: 0 },
    skipped: { type: 'array', items: ref('SkippedItem') },
  }),
  ItemPlan: closed(['index', 'ref', 'apiVersion', 'path', 'action', 'changed', 'before', 'after', 'error'], {
    index: count,
    ref: nullable({ type: 'string' }),
    apiVersion: { enum: ['v1.0', 'beta'] },
    path: { type: 'string' },
    action: { enum: ['change', 'noop', 'unavailable'] },
    changed: { type: 'array', items: { type: 'string' } },
    before: nullable(jsonObject),
    after: nullable(jsonObject),
    error: nullable(closed(['status', 'code', 'message'], { status: { type: 'integer' }, code: nullable({ type: 'string' }), message: nullable({ type: 'string' }) })),
    policy: nullable({ type: 'string' }),
  }),
  JobPlan: closed(['dryRun', 'itemCount', 'changes', 'noops', 'unavailable', 'items'], {
    dryRun: { const: true },
    itemCount: count,
    changes: count,
    noops: count,
    unavailable: count,
    items: { type: 'array', items: ref('ItemPlan') },
  }),
  CancelResult: closed([...JOB_REQUIRED, 'canceledItems'], { ...jobProperties, canceledItems: count }, 'The job after the cancel, with how many items it canceled.'),
  RetryResult: closed([...JOB_REQUIRED, 'requeued'], { ...jobProperties, requeued: count }, 'The job after the retry, with how many failed items went back on the queue.'),
  UndoAccepted: closed(['jobId', 'status', 'itemCount'], { jobId: { type: 'string' }, status: { enum: JOB_STATUSES }, itemCount: count }),
  Health: closed(['status', 'checks', 'configuration', 'budgets'], {
    status: { enum: ['healthy', 'unhealthy'] },
    checks: { type: 'object', additionalProperties: closed(['ok'], { ok: { type: 'boolean' }, detail: { type: 'string' } }) },
    configuration: { type: 'object', additionalProperties: { type: 'string' }, description: 'Settings in force; never a secret.' },
    budgets: closed(
      ['scope', 'budgets'],
      {
        scope: { enum: ['family', 'shared'] },
        budgets: {
          type: 'array',
          items: closed(['key', 'families', 'writes', 'reads'], {
            key: { enum: ['deviceConfiguration', 'deviceConfigV2', 'deviceEnrollment', 'shared'] },
            families: { type: 'array', items: { enum: ['deviceConfiguration', 'deviceConfigV2', 'deviceEnrollment'] } },
            writes: ref('BudgetView'),
            reads: ref('BudgetView'),
          }),
        },
      },
      'Graph budgets (GRAPH_BUDGET_SCOPE): one per Intune throttling family, or one shared by all.',
    ),
  }),
  BudgetView: closed(
    ['rate', 'pausedUntil', 'backlog', 'backlogSeconds'],
    {
      rate: { type: 'string', description: 'Requests allowed per window, e.g. 100/20s.' },
      pausedUntil: nullable({ type: 'string', format: 'date-time', description: 'End of the pause Graph asked for with Retry-After.' }),
      backlog: { ...count, description: 'Bulk messages with return times still ahead in this budget\'s waiting room.' },
      backlogSeconds: { type: 'number', minimum: 0, description: 'Seconds until the last of those return times.' },
      error: { type: 'string', description: 'Why the budget could not be read; the figures are then zero.' },
    },
    'One budget\'s state, shared by every instance.',
  ),
  EventResult: closed(['id', 'source', 'type', 'outcome', 'jobId'], {
    id: { type: 'string' },
    source: { type: 'string' },
    type: { type: 'string' },
    outcome: { enum: ['jobCreated', 'accepted', 'duplicate', 'noRule'] },
    jobId: nullable({ type: 'string' }),
    itemCount: nullable(count),
    skipped: { type: 'array', items: ref('SkippedItem') },
  }),
  EventsResult: closed(['events'], { events: { type: 'array', items: ref('EventResult') } }),
  SubscriptionValidation: closed(['validationResponse'], { validationResponse: { type: 'string' } }),
  DriftCounts: {
    type: 'object',
    required: ['declared', 'inSync', 'changed', 'missing', 'undeclared'],
    properties: { declared: count, inSync: count, changed: count, missing: count, undeclared: count },
    additionalProperties: count,
  },
  DesiredStateError: closed(['file', 'field', 'message'], { file: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' } }),
  DriftEntry: {
    type: 'object',
    description: 'One difference between the desired state and Graph.',
    required: ['kind', 'path'],
    properties: { kind: { type: 'string', examples: ['changed', 'missing', 'undeclared'] }, path: { type: 'string' } },
    additionalProperties: true,
  },
  ReconciliationRequest: closed([], { dryRun: { type: 'boolean' } }),
  Reconciliation: closed(RECONCILIATION_REQUIRED, reconciliationProperties),
  ReconciliationPage: closed(['reconciliations', 'continuationToken'], {
    reconciliations: { type: 'array', items: ref('Reconciliation') },
    continuationToken: nullable({ type: 'string' }),
  }),
  ReconciliationReport: closed([...RECONCILIATION_REQUIRED, 'drift'], { ...reconciliationProperties, drift: { type: 'array', items: ref('DriftEntry') } }),
  AuditEntry: closed(['at', 'action', 'actor', 'jobId', 'reconciliationId', 'details'], {
    at: dateTime,
    action: { enum: ['job.submitted', 'job.canceled', 'job.retried', 'job.undone', 'reconciliation.started'] },
    actor: { ...nullable(ref('Caller')), description: 'Who asked; null when nobody was asked (AUTH_MODE=none, Event Grid, the nightly timer).' },
    jobId: nullable({ type: 'string' }),
    reconciliationId: nullable({ type: 'string' }),
    details: { type: 'object', additionalProperties: true, description: 'What changed: item counts, the job a change made, the request flags.' },
  }, 'One state change: who, when, what.'),
  AuditPage: closed(['entries', 'continuationToken'], {
    entries: { type: 'array', items: ref('AuditEntry') },
    continuationToken: nullable({ type: 'string' }),
  }),
  OpenApiDocument: {
    type: 'object',
    required: ['openapi', 'info', 'paths', 'components'],
    properties: { openapi: { const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' }, components: { type: 'object' } },
  },
} as const;
