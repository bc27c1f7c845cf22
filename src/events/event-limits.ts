/**
 * Bounds on what one delivery may carry.
 *
 * Events per delivery: Event Grid sends one event per webhook request unless the subscription
 * turns batching on, and then up to the subscription's "max events per batch" (1 to 5,000,
 * 1 MB at most). A job is queued per event, so a delivery of thousands would hold the request
 * open far longer than Event Grid's 30-second delivery timeout; 100 keeps a delivery well
 * inside it. Subscriptions that batch must set "max events per batch" to 100 or less.
 *
 * Attribute length: neither schema bounds `id`, `source`, `type` or `subject`, but each ends up
 * in storage keys, logs and error messages; 1,024 characters is far beyond any real value
 * (Azure resource ids of topics run to a few hundred).
 */
export const EVENT_LIMITS = Object.freeze({
  maxEventsPerDelivery: 100,
  maxAttributeLength: 1024,
});
