import { APP_ROLES } from '../model/app-roles.js';
import { paths } from './openapi-paths.js';
import { schemas } from './openapi-schemas.js';

const problem = (description: string, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});
const challenge = {
  'WWW-Authenticate': { description: 'RFC 6750 bearer challenge.', required: true, schema: { type: 'string', pattern: '^Bearer( |$)' } },
};
const ID = '^[A-Za-z0-9_-]{1,128}$';

/**
 * The OpenAPI 3.1 document served at `GET /api/openapi.json`. Tests check every answer the
 * integration tests receive against it, so it describes what the code does.
 */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'bulk-assign',
    version: '0.1.0',
    description: [
      'Applies Intune assignment changes to Microsoft Graph in bulk, at the rate Graph allows, with a result for every change.',
      '',
      `With AUTH_MODE=entra every route but /health and /openapi.json needs an Entra ID access token whose roles claim grants the route's role: ${APP_ROLES.read} (GET routes), ${APP_ROLES.write} (submit, cancel, retry, undo, events) or ${APP_ROLES.admin} (reconciliations; grants the others). A missing or invalid token answers 401 with WWW-Authenticate; a token without the role, 403. With AUTH_MODE=none nothing is checked.`,
      '',
      'Every refusal is application/problem+json (RFC 9457) naming what was wrong.',
    ].join('\n'),
  },
  servers: [{ url: '/api' }],
  security: [{ bearerAuth: [] }],
  paths,
  components: {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'An Entra ID access token (RS256) for the API (aud = AUTH_AUDIENCE) carrying app roles in `roles`.',
      },
    },
    parameters: {
      jobId: { name: 'jobId', in: 'path', required: true, schema: { type: 'string', pattern: ID } },
      reconciliationId: { name: 'reconciliationId', in: 'path', required: true, schema: { type: 'string', pattern: ID } },
      uploadId: { name: 'uploadId', in: 'path', required: true, schema: { type: 'string', pattern: ID } },
      page: { name: 'page', in: 'path', required: true, description: 'Page number, from 0.', schema: { type: 'string', pattern: '^[0-9]{1,6}$' } },
      limit: { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } },
      continuationToken: {
        name: 'continuationToken',
        in: 'query',
        required: false,
        description: 'The value a previous page returned; anything else is refused with 400.',
        schema: { type: 'string', maxLength: 2048 },
      },
      status: { name: 'status', in: 'query', required: false, schema: { enum: ['queued', 'retrying', 'succeeded', 'failed', 'canceled'] } },
      submittedBy: {
        name: 'submittedBy',
        in: 'query',
        required: false,
        description: "Only jobs submitted by this caller (a user's object id or an application's client id).",
        schema: { type: 'string', pattern: ID },
      },
    },
    responses: {
      BadRequest: problem('The request is invalid; `errors` names each field (and item index).'),
      Unauthorized: problem('No token, or a token that is malformed, unsigned, signed by another key, expired, not yet valid, or for another audience or issuer.', challenge),
      Forbidden: problem("The token is valid but lacks the route's app role.", challenge),
      NotFound: problem('No such record.'),
      Conflict: problem('The request conflicts with the state of the record.'),
      UploadExpired: problem('The upload expired before it was submitted (`expiresAt`); its pages are removed. Open a new upload and send its pages again.'),
      PayloadTooLarge: problem('The body is larger than the service accepts.'),
      UnsupportedMediaType: problem('The body is not JSON.'),
      GraphRefused: problem('Graph refused a read the request needed.'),
      Unavailable: problem('Graph, or the token issuer, cannot be reached just now; try again after Retry-After.', {
        'Retry-After': { schema: { type: 'string' } },
      }),
    },
    schemas,
  },
} as const;
