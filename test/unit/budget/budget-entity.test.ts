import { describe, expect, it } from 'vitest';
import { entityToState, stateToEntity } from '../../../src/storage/budget-entity.js';

const T0 = 1_750_000_000_000;

describe('budget entity', () => {
  it('stores the schedule, the pause and the waiting room as explicit doubles', () => {
    expect(stateToEntity('budget', 'graph-writes', { tat: T0 + 204.08203125, pausedUntil: 0, waitTat: T0 + 500 })).toEqual({
      partitionKey: 'budget',
      rowKey: 'graph-writes',
      tat: { value: T0 + 204.08203125, type: 'Double' },
      pausedUntil: { value: 0, type: 'Double' },
      waitTat: { value: T0 + 500, type: 'Double' },
    });
  });

  it('reads back the state it stored', () => {
    const state = { tat: T0 + 204.08203125, pausedUntil: T0 + 3000, waitTat: T0 + 4000.5 };
    const { tat, pausedUntil, waitTat } = stateToEntity('budget', 'graph-writes', state);
    expect(entityToState({ tat: tat.value, pausedUntil: pausedUntil.value, waitTat: waitTat.value }, 'budget/graph-writes')).toEqual(state);
  });

  it('reads an entity written before the waiting room existed as an empty waiting room', () => {
    expect(entityToState({ tat: T0 + 100, pausedUntil: T0 }, 'budget/graph-writes')).toEqual({ tat: T0 + 100, pausedUntil: T0, waitTat: 0 });
  });

  it.each([
    ['tat', { pausedUntil: 0, waitTat: 0 }, 'undefined'],
    ['pausedUntil', { tat: T0, pausedUntil: 'soon', waitTat: 0 }, 'soon'],
    ['waitTat', { tat: T0, pausedUntil: 0, waitTat: Number.NaN }, 'NaN'],
    ['waitTat', { tat: T0, pausedUntil: 0, waitTat: '12' }, '12'],
  ])('refuses an entity whose %s is not a finite number, naming the field', (field, entity, shown) => {
    expect(() => entityToState(entity, 'budget/graph-writes')).toThrow(
      `The rate budget entity holds ${shown} in budget/graph-writes.${field}, not a time in ms`,
    );
  });
});
