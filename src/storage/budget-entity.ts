import type { GcraState } from '../model/gcra-state.js';

type BudgetEntity = { partitionKey: string; rowKey: string; tat: DoubleValue; pausedUntil: DoubleValue; waitTat: DoubleValue };
type DoubleValue = { value: number; type: 'Double' };

/**
 * The schedule as a Table storage entity. Both moments are stored as Edm.Double, the same IEEE
 * 754 binary64 as a JavaScript number, so they round-trip bit for bit: the SDK writes them with
 * JSON number syntax, which is the shortest text that parses back to the same double. Int64
 * would need whole numbers, yet the emission interval is usually fractional (20000/98 ms), and
 * rounding every booking would drift the schedule; it would also come back as a bigint. The type
 * is stated explicitly because a bare whole number, which a ms epoch often is, carries no type
 * in the payload, and readers (the SDK among them) take an untyped whole number for an Int32,
 * which an epoch does not fit.
 */
export function stateToEntity(partitionKey: string, rowKey: string, state: GcraState): BudgetEntity {
  return {
    partitionKey,
    rowKey,
    tat: { value: state.tat, type: 'Double' },
    pausedUntil: { value: state.pausedUntil, type: 'Double' },
    waitTat: { value: state.waitTat, type: 'Double' },
  };
}

/** Reads the schedule back; a value that is not a finite number means the row was written by something else. */
export function entityToState(entity: Record<string, unknown>, name: string): GcraState {
  return {
    tat: finite(entity.tat, `${name}.tat`),
    pausedUntil: finite(entity.pausedUntil, `${name}.pausedUntil`),
    waitTat: entity.waitTat === undefined ? 0 : finite(entity.waitTat, `${name}.waitTat`),
  };
}

function finite(value: unknown, label: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`The rate budget entity holds ${String(value)} in ${label}, not a time in ms`);
  }
  return value;
}
