import { describe, expect, it } from 'vitest';
import { isNoRouteAnswer } from '../../../src/model/no-route-answer.js';

const MESSAGE = 'No OData route exists that match template ~/singleton/navigation/key/navigation/key with http verb PATCH for request /x.';

describe('isNoRouteAnswer', () => {
  it("recognises Graph's no-route refusal by its code, and by BadRequest with the route message", () => {
    expect(isNoRouteAnswer(400, 'No method match route template', MESSAGE)).toBe(true);
    expect(isNoRouteAnswer(400, 'BadRequest', MESSAGE)).toBe(true);
  });

  it('leaves every other refusal a plain failure', () => {
    expect(isNoRouteAnswer(400, 'BadRequest', "Property 'intent' does not exist")).toBe(false);
    expect(isNoRouteAnswer(404, 'No method match route template', MESSAGE)).toBe(false);
    expect(isNoRouteAnswer(400, undefined, MESSAGE)).toBe(false);
  });
});
