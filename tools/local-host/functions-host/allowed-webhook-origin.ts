/** The origins Event Grid sends from in the public and sovereign clouds. */
const eventGridOrigins = new Set([
  'eventgrid.azure.net',
  'eventgrid.azure.us',
  'eventgrid.azure.eaglex.ic.gov',
  'eventgrid.azure.microsoft.scloud',
  'eventgrid.azure.cn',
]);

/**
 * The `WebHook-Allowed-Origin` the Event Grid extension answers to a CloudEvents abuse-protection
 * request (`OPTIONS` with `WebHook-Request-Origin`): the requested origin when it is one of Event
 * Grid's own (compared exactly, as the extension does), otherwise the public cloud's. A webhook
 * that only ever admits Event Grid cannot be registered with another sender this way.
 */
export function allowedWebhookOrigin(requestOrigin: string | undefined): string {
  return requestOrigin !== undefined && eventGridOrigins.has(requestOrigin) ? requestOrigin : 'eventgrid.azure.net';
}
