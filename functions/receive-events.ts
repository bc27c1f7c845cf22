import { app, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { getServices } from '../src/composition-root.js';
import { guardRoute } from '../src/http/guard-route.js';
import { routeAuthLevel } from '../src/http/route-auth-level.js';
import { APP_ROLES } from '../src/model/app-roles.js';
import type { Caller } from '../src/model/caller.js';
import { receiveEvents } from '../src/events/handle-events.js';
import { problemResponse } from '../src/http/problem-response.js';
import { readJsonBody } from '../src/http/read-json-body.js';
import { contextLogger } from '../src/shared/context-logger.js';

/** Event Grid batches at most 1 MB; a delivery above that is not one of its deliveries. */
const MAX_DELIVERY_BYTES = 1024 * 1024;

/**
 * POST /api/events: HR and directory systems post CloudEvents 1.0 (structured or batch) or Event
 * Grid events here; Event Grid subscriptions are validated by the handshake. OPTIONS answers the
 * CloudEvents webhook abuse-protection check, allowing the origin that asks.
 */
export async function receiveEventsHandler(request: HttpRequest, context: InvocationContext, caller: Caller | null): Promise<HttpResponseInit> {
  if (request.method === 'OPTIONS') {
    const origin = request.headers.get('webhook-request-origin');
    if (!origin) return problemResponse(400, 'invalid-request', 'Missing WebHook-Request-Origin', 'An OPTIONS request is the CloudEvents webhook validation and must carry WebHook-Request-Origin.');
    return { status: 200, headers: { 'WebHook-Allowed-Origin': origin, 'WebHook-Allowed-Rate': '*', Allow: 'POST, OPTIONS' } };
  }
  const services = getServices();
  const body = await readJsonBody(request, MAX_DELIVERY_BYTES);
  if (!body.ok) return body.response;
  const outcome = await receiveEvents(
    { ...services, log: contextLogger(context) },
    { contentType: request.headers.get('content-type') ?? undefined, aegEventType: request.headers.get('aeg-event-type') ?? undefined, body: body.value, caller },
  );
  switch (outcome.kind) {
    case 'validation':
      return { status: 200, jsonBody: { validationResponse: outcome.validationCode } };
    case 'invalid':
      return problemResponse(400, 'invalid-request', 'The event delivery is invalid', `${outcome.errors.length} error(s); no event of this delivery was acted on.`, { errors: outcome.errors });
    case 'handled':
      return { status: 200, jsonBody: { events: outcome.results } };
  }
}

app.http('receive-events', {
  route: 'events',
  methods: ['POST', 'OPTIONS'],
  authLevel: routeAuthLevel(getServices().config.auth),
  handler: guardRoute(getServices, APP_ROLES.write, receiveEventsHandler),
});
