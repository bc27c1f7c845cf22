import { describe, expect, it } from 'vitest';
import { EVENT_LIMITS, parseEventDelivery } from '../../../src/events/parse-event-delivery.js';
import { TOPIC, cloudEvent, deliver, deliveryErrors, eventGridEvent, eventsOf, expectFieldError } from './event-fixtures.js';

const CE = 'application/cloudevents+json';
const CE_BATCH = 'application/cloudevents-batch+json';

describe('parseEventDelivery: CloudEvents', () => {
  it('accepts one CloudEvent in structured mode and maps its attributes', () => {
    const [event, ...rest] = eventsOf(deliver(cloudEvent({ subject: 'employees/e-42' }), CE));
    expect(rest).toHaveLength(0);
    expect(event).toEqual({
      schema: 'cloudEvents',
      id: 'evt-1',
      source: '/hr/workday',
      type: 'com.contoso.hr.DepartmentChanged',
      subject: 'employees/e-42',
      time: '2026-01-31T09:30:00Z',
      data: { employeeId: 'e-42', department: 'finance' },
    });
  });

  it('accepts the content type with parameters and in any case', () => {
    expect(eventsOf(deliver(cloudEvent(), 'Application/CloudEvents+JSON; charset=utf-8'))).toHaveLength(1);
  });

  it('accepts a batch, keeping the order of the events', () => {
    const events = eventsOf(deliver([cloudEvent({ id: 'a' }), cloudEvent({ id: 'b' }), cloudEvent({ id: 'c' })], CE_BATCH));
    expect(events.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });

  it('accepts an empty batch as no events, as the batch format allows', () => {
    expect(deliver([], CE_BATCH)).toEqual({ kind: 'events', events: [] });
  });

  it('accepts CloudEvents posted as application/json, telling them by specversion', () => {
    expect(eventsOf(deliver([cloudEvent()], 'application/json'))[0]?.schema).toBe('cloudEvents');
  });

  it('accepts an event with only the required attributes, leaving subject, time and data absent', () => {
    const [event] = eventsOf(deliver({ specversion: '1.0', id: 'x', source: 'urn:hr', type: 't' }, CE));
    expect(event).toEqual({ schema: 'cloudEvents', id: 'x', source: 'urn:hr', type: 't', data: undefined });
  });

  it('treats null optional attributes as unset, as the JSON format says', () => {
    const [event] = eventsOf(deliver(cloudEvent({ subject: null, time: null, datacontenttype: null, dataschema: null }), CE));
    expect(event).not.toHaveProperty('subject');
    expect(event).not.toHaveProperty('time');
  });

  it('accepts well-formed extension attributes', () => {
    const extensions = { traceparent: '00-abc-def-01', comexamplecount: 5, comexampleflag: true, unsetone: null };
    expect(eventsOf(deliver(cloudEvent(extensions), CE))).toHaveLength(1);
  });

  it.each([
    ['application/json; charset=utf-8'],
    ['text/json'],
    ['application/vnd.contoso.hr+json'],
  ])('accepts JSON data declared as %s', (datacontenttype) => {
    expect(eventsOf(deliver(cloudEvent({ datacontenttype }), CE))).toHaveLength(1);
  });

  it.each([
    ['id', 'is required'],
    ['source', 'is required'],
    ['type', 'is required'],
    ['specversion', 'is required: "1.0"'],
  ])('refuses an event without %s', (attribute, text) => {
    const event = cloudEvent();
    delete event[attribute];
    // Without specversion the object is no CloudEvent at all under a CloudEvents content type.
    const result = deliver(event, attribute === 'specversion' ? 'application/json' : CE);
    if (attribute === 'specversion') expectFieldError(result, 'events[0]', 'neither a CloudEvent');
    else expectFieldError(result, `events[0].${attribute}`, text);
  });

  it.each([
    ['an empty id', { id: '' }, 'events[0].id', 'must not be empty'],
    ['a null id', { id: null }, 'events[0].id', 'is required'],
    ['a numeric id', { id: 42 }, 'events[0].id', 'must be a string, got 42'],
    ['an empty source', { source: '' }, 'events[0].source', 'must not be empty'],
    ['an object as type', { type: { name: 'x' } }, 'events[0].type', 'must be a string, got an object'],
    ['an empty subject', { subject: '' }, 'events[0].subject', 'must not be empty'],
    ['an id longer than 1024 characters', { id: 'x'.repeat(1025) }, 'events[0].id', 'at most 1024 characters'],
    ['a time that is not RFC 3339', { time: '31/01/2026 09:30' }, 'events[0].time', 'RFC 3339'],
    ['a time on February 30th', { time: '2026-02-30T09:30:00Z' }, 'events[0].time', 'RFC 3339'],
    ['a time without offset', { time: '2026-01-31T09:30:00' }, 'events[0].time', 'RFC 3339'],
    ['specversion 0.3', { specversion: '0.3' }, 'events[0].specversion', 'must be "1.0"'],
    ['specversion as a number', { specversion: 1 }, 'events[0].specversion', 'must be "1.0"'],
    ['XML data', { datacontenttype: 'text/xml', data: '<a/>' }, 'events[0].datacontenttype', 'only JSON data is accepted'],
    ['binary data', { data: undefined, data_base64: 'AAEC' }, 'events[0].data_base64', 'binary data, which is not accepted'],
    ['an upper-case attribute name', { eventType: 'x' }, 'events[0].eventType', 'lower-case letters a-z and digits only'],
    ['an extension attribute holding an object', { comexampleother: { a: 1 } }, 'events[0].comexampleother', 'string, a boolean or a 32-bit integer'],
    ['an extension attribute holding a fraction', { comexamplerate: 1.5 }, 'events[0].comexamplerate', '32-bit integer'],
  ])('refuses %s', (_, overrides, field, text) => {
    expectFieldError(deliver(cloudEvent(overrides), CE), field, text);
  });

  it('accepts time with a fraction of any length and a numeric offset', () => {
    expect(eventsOf(deliver(cloudEvent({ time: '2026-01-31T09:30:00.123456789+01:00' }), CE))).toHaveLength(1);
  });

  it('accepts February 29th in a leap year and a leap second', () => {
    expect(eventsOf(deliver(cloudEvent({ time: '2028-02-29T23:59:60Z' }), CE))).toHaveLength(1);
  });

  it('refuses an array sent as a single structured event, pointing at the batch content type', () => {
    expectFieldError(deliver([cloudEvent()], CE), '', 'application/cloudevents-batch+json');
  });

  it('refuses a batch that is not an array', () => {
    expectFieldError(deliver(cloudEvent(), CE_BATCH), '', 'must be an array of CloudEvents');
  });

  it('refuses an Event Grid event under a CloudEvents content type', () => {
    expectFieldError(deliver([eventGridEvent()], CE_BATCH), 'events[0]', 'announces CloudEvents');
  });

  it('refuses the same id and source twice in one delivery, naming the repeat', () => {
    const result = deliver([cloudEvent({ id: 'a' }), cloudEvent({ id: 'b' }), cloudEvent({ id: 'a' })], CE_BATCH);
    expectFieldError(result, 'events[2].id', 'repeats the id and source of events[0]');
    expect(deliveryErrors(result)).toHaveLength(1);
  });

  it('accepts the same id from two different sources', () => {
    const events = eventsOf(deliver([cloudEvent({ id: 'a', source: '/one' }), cloudEvent({ id: 'a', source: '/two' })], CE_BATCH));
    expect(events).toHaveLength(2);
  });

  it('reports every problem of every event, each with its position', () => {
    const result = deliver([cloudEvent({ id: '' }), cloudEvent({ id: 'ok' }), cloudEvent({ type: 5, source: null })], CE_BATCH);
    const errors = deliveryErrors(result);
    expect(errors.map((e) => e.field)).toEqual(['events[0].id', 'events[2].source', 'events[2].type']);
    expect(errors.map((e) => e.index)).toEqual([0, 2, 2]);
  });

  it('refuses __proto__ anywhere in an event without polluting Object.prototype', () => {
    const body = JSON.parse(JSON.stringify(cloudEvent()).replace('"employeeId"', '"__proto__":{"polluted":true},"employeeId"'));
    expectFieldError(deliver(body, CE), 'events[0].data.__proto__', 'forbidden key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseEventDelivery: the Event Grid schema', () => {
  it('maps topic to source, eventType to type and eventTime to time', () => {
    const [event] = eventsOf(deliver([eventGridEvent()]));
    expect(event).toEqual({
      schema: 'eventGrid',
      id: 'eg-1',
      source: TOPIC,
      type: 'Contoso.HR.DepartmentChanged',
      subject: 'employees/e-42',
      time: '2026-01-31T09:30:00.9584103Z',
      data: { employeeId: 'e-42' },
    });
  });

  it('accepts a single event object as well as an array', () => {
    expect(eventsOf(deliver(eventGridEvent()))).toHaveLength(1);
  });

  it('reads a missing content type as application/json', () => {
    expect(eventsOf(deliver([eventGridEvent()], undefined))).toHaveLength(1);
  });

  it('uses an empty source for an event posted directly without topic', () => {
    const event = eventGridEvent({ topic: undefined, dataVersion: undefined, metadataVersion: undefined });
    expect(eventsOf(deliver([event]))[0]?.source).toBe('');
  });

  it('accepts an empty subject, as Event Grid itself sends', () => {
    expect(eventsOf(deliver([eventGridEvent({ subject: '' })]))[0]?.subject).toBe('');
  });

  it('accepts an event without data, the data being undefined', () => {
    expect(eventsOf(deliver([eventGridEvent({ data: undefined })]))[0]?.data).toBeUndefined();
  });

  it.each([
    ['id', 'is required'],
    ['subject', 'is required'],
    ['eventType', 'is required'],
    ['eventTime', 'is required: an RFC 3339 timestamp'],
  ])('refuses an event without %s', (property, text) => {
    const event = eventGridEvent();
    delete event[property];
    // An object with neither eventType nor dataVersion is no Event Grid event at all.
    if (property === 'eventType') delete event.dataVersion;
    const result = deliver([event]);
    if (property === 'eventType') expectFieldError(result, 'events[0]', 'neither a CloudEvent');
    else expectFieldError(result, `events[0].${property}`, text);
  });

  it.each([
    ['an empty id', { id: '' }, 'events[0].id', 'must not be empty'],
    ['a null subject', { subject: null }, 'events[0].subject', 'must not be null'],
    ['an empty eventType', { eventType: '' }, 'events[0].eventType', 'must not be empty'],
    ['an eventTime that is a number', { eventTime: 1769851800 }, 'events[0].eventTime', 'RFC 3339'],
    ['a metadataVersion other than 1', { metadataVersion: '2' }, 'events[0].metadataVersion', 'must be "1"'],
    ['a numeric dataVersion', { dataVersion: 1 }, 'events[0].dataVersion', 'must be a string'],
    ['an unknown property', { eventtype: 'x' }, 'events[0].eventtype', 'unknown property of an Event Grid event'],
  ])('refuses %s', (_, overrides, field, text) => {
    expectFieldError(deliver([eventGridEvent(overrides)]), field, text);
  });

  it('refuses the same id and topic twice in one delivery', () => {
    expectFieldError(deliver([eventGridEvent(), eventGridEvent()]), 'events[1].id', 'repeats the id and topic of events[0]');
  });

  it('refuses a delivery that mixes the two schemas, naming the odd one out', () => {
    expectFieldError(deliver([eventGridEvent(), cloudEvent()]), 'events[1]', 'is a CloudEvent but events[0] is an Event Grid event');
  });
});

describe('parseEventDelivery: the request as a whole', () => {
  it.each([['text/plain'], ['application/xml'], ['multipart/form-data']])('refuses the content type %s', (contentType) => {
    expectFieldError(deliver([eventGridEvent()], contentType), 'headers["content-type"]', 'must be one of application/cloudevents+json');
  });

  it.each([
    ['null', null],
    ['a string', 'events'],
    ['a number', 3],
  ])('refuses a body that is %s', (_, body) => {
    expectFieldError(deliver(body), '', 'must be an event object or an array of events');
  });

  it('refuses an array element that is not an object', () => {
    expectFieldError(deliver([eventGridEvent(), 'x']), 'events[1]', 'must be an event object, got "x"');
  });

  it('refuses an object of neither schema, mentioning structured mode for CloudEvents', () => {
    expectFieldError(deliver({ id: 'x', data: {} }), 'events[0]', 'structured mode');
  });

  it(`accepts ${EVENT_LIMITS.maxEventsPerDelivery} events and refuses one more without looking at them`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => eventGridEvent({ id: `eg-${i}` }));
    expect(eventsOf(deliver(many(EVENT_LIMITS.maxEventsPerDelivery)))).toHaveLength(EVENT_LIMITS.maxEventsPerDelivery);
    const errors = deliveryErrors(deliver([...many(EVENT_LIMITS.maxEventsPerDelivery), 'not even an event']));
    expect(errors).toEqual([{ field: '', message: 'has 101 events; at most 100 are accepted in one delivery' }]);
  });

  it('takes a lower event limit from the options', () => {
    const result = parseEventDelivery({ contentType: 'application/json', aegEventType: undefined, body: [eventGridEvent({ id: 'a' }), eventGridEvent({ id: 'b' })] }, { maxEvents: 1 });
    expectFieldError(result, '', 'at most 1 are accepted');
  });

  it.each([0, -1, 1.5, Number.NaN])('throws when maxEvents is %s', (maxEvents) => {
    expect(() => parseEventDelivery({ contentType: undefined, aegEventType: undefined, body: [] }, { maxEvents })).toThrow(RangeError);
  });

  it('returns frozen events', () => {
    const events = eventsOf(deliver([eventGridEvent()]));
    expect(Object.isFrozen(events)).toBe(true);
    expect(Object.isFrozen(events[0])).toBe(true);
  });
});
