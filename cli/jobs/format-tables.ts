import Table from 'cli-table3';
import { FILTER_ID_PROPERTY, FILTER_TYPE_PROPERTY, targetKindOfOdataType } from '../csv/csv-columns.js';
import type { ItemView } from '../csv/format-items-csv.js';

/** One item of a dry run's plan, as `POST /api/jobs` with `dryRun: true` answers it. */
export interface PlanItem {
  readonly index: number;
  readonly ref: string | null;
  readonly apiVersion: string;
  readonly path?: string | null;
  readonly policy?: string | null;
  readonly action: string;
  readonly changed?: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly error?: { status?: number; code?: string | null; message?: string | null } | null;
}

const MAX_CELL = 60;

/**
 * The plan as a table: what each item would do, which properties change, from what to what.
 * `actionOf` gives the submitted item's action, so that a set item's change reads as the
 * assignment it adds, removes or updates rather than as a bare "change".
 */
export function formatPlanTable(items: readonly PlanItem[], locate: (index: number) => string | undefined, actionOf: (index: number) => string | undefined = () => undefined): string {
  const table = new Table({ head: ['#', 'from', 'would', 'changes', 'before', 'after'], style: { head: [], border: [] }, wordWrap: true, colWidths: [null, null, null, 18, 44, 44] as unknown as number[] });
  for (const item of items) {
    const changed = item.changed ?? [];
    const error = item.error ? `${item.error.status ?? ''} ${item.error.code ?? ''}: ${item.error.message ?? ''}`.trim() : '';
    table.push([
      item.index,
      locate(item.index) ?? item.ref ?? '',
      wouldDo(item, actionOf(item.index)),
      item.action === 'unavailable' ? error : changed.join(', '),
      clip(pick(item.before, changed)),
      clip(pick(item.after, changed)),
    ]);
  }
  return table.toString();
}

/** `add`, `remove` or `update` for a set item that would change its policy's set; the plan's action otherwise. */
function wouldDo(item: PlanItem, submittedAction: string | undefined): string {
  if (item.action !== 'change' || (submittedAction !== 'add' && submittedAction !== 'remove')) return item.action;
  if (item.before === null || item.before === undefined) return 'add';
  if (item.after === null || item.after === undefined) return 'remove';
  return 'update';
}

/** Items as a table: status, Graph's answer and the error, one line each. */
export function formatItemsTable(items: readonly ItemView[]): string {
  const table = new Table({ head: ['#', 'ref', 'status', 'attempts', 'http', 'error'], style: { head: [], border: [] } });
  for (const item of items) {
    const error = item.error ? `${item.error.code ?? ''}: ${item.error.message ?? ''}` : '';
    table.push([item.index, item.ref ?? '', item.noop ? `${item.status} (noop)` : item.status, item.attempts, item.httpStatus ?? '', clip(error)]);
  }
  return table.toString();
}

/** Only the properties that change, so a row shows the difference and not the whole assignment. */
function pick(value: unknown, keys: readonly string[]): string {
  if (value === null || value === undefined || keys.length === 0) return '';
  if (typeof value !== 'object') return JSON.stringify(value);
  const record = value as Record<string, unknown>;
  return keys.map((k) => `${k}: ${k === 'target' ? describeTarget(record[k]) : JSON.stringify(record[k] ?? null)}`).join('\n');
}

/** `group 9a00…0001, filter include 9f00…0001`: a target as a person reads it. */
function describeTarget(target: unknown): string {
  if (!target || typeof target !== 'object') return JSON.stringify(target ?? null);
  const t = target as Record<string, unknown>;
  const type = String(t['@odata.type'] ?? '');
  const kind = targetKindOfOdataType(type) ?? type;
  const id = t.groupId ?? t.collectionId ?? t.entraObjectId;
  const scope = t.targetType ? ` (${String(t.targetType)})` : '';
  const filterType = t[FILTER_TYPE_PROPERTY];
  const filter = t[FILTER_ID_PROPERTY] ? `, filter ${String(filterType ?? '')} ${String(t[FILTER_ID_PROPERTY])}` : '';
  return `${kind}${id ? ` ${String(id)}` : ''}${scope}${filter}`;
}

function clip(text: string): string {
  return text.length > MAX_CELL * 2 ? `${text.slice(0, MAX_CELL * 2 - 1)}…` : text;
}
