import { stringify } from 'csv-stringify/sync';
import {
  ALL_COLUMNS,
  BODY_PROPERTY_COLUMNS,
  FILTER_ID_PROPERTY,
  FILTER_TYPE_PROPERTY,
  TARGET_PROPERTY_COLUMNS,
  targetKindOfOdataType,
} from './csv-columns.js';

/** An item as `GET /api/jobs/{jobId}/items` answers it; only the fields the CSV uses are named. */
export interface ItemView {
  readonly index: number;
  readonly ref: string | null;
  readonly apiVersion: string;
  readonly path?: string | null;
  readonly action?: string | null;
  readonly policy?: string | null;
  readonly body?: Record<string, unknown> | null;
  readonly target?: Record<string, unknown> | null;
  readonly intent?: string | null;
  readonly status: string;
  readonly noop?: boolean | null;
  readonly attempts: number;
  readonly httpStatus: number | null;
  readonly graphRequestId: string | null;
  readonly clientRequestId: string | null;
  readonly error: { code: string | null; message: string | null } | null;
  readonly completedAt: string | null;
}

/** An item the CSV has no columns for; the export stops rather than write a row that means less. */
export class CsvExportError extends Error {}

/**
 * Writes items as the items CSV: what each item changes, then what happened to it. Submitting
 * the file again (after editing it or not) asks for the same changes; the result columns are
 * ignored on the way in.
 */
export function formatItemsCsv(items: readonly ItemView[]): string {
  const rows = items.map(itemToRow);
  return stringify(rows, { header: true, columns: [...ALL_COLUMNS], cast: { boolean: (v) => String(v) } });
}

function itemToRow(item: ItemView): Record<string, string | number | boolean> {
  const row: Record<string, string | number | boolean> = {};
  const put = (column: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') row[column] = value as string | number | boolean;
  };
  put('ref', item.ref);
  put('apiVersion', item.apiVersion);
  const setItem = item.action === 'add' || item.action === 'remove';
  const body = item.body ?? {};
  if (setItem) {
    put('action', item.action);
    put('policy', item.policy);
    putTarget(item, item.target ?? (body.target as Record<string, unknown> | undefined), put);
    put('intent', item.intent ?? body.intent);
  } else {
    if (!item.body) throw new CsvExportError(`item ${item.index}: the service did not return the item's body, so its change cannot be written as a row`);
    put('path', item.path);
    const known = new Set<string>(['@odata.type', 'target', ...BODY_PROPERTY_COLUMNS]);
    const extra = Object.keys(body).filter((k) => !known.has(k));
    if (extra.length > 0) throw new CsvExportError(`item ${item.index}: its body has ${extra.join(', ')}, which the CSV has no column for; export it as JSON instead (--json)`);
    putTarget(item, body.target as Record<string, unknown> | undefined, put);
    for (const column of BODY_PROPERTY_COLUMNS) put(column, body[column]);
  }
  put('index', item.index);
  put('status', item.status);
  put('noop', item.noop);
  put('attempts', item.attempts);
  put('httpStatus', item.httpStatus);
  put('errorCode', item.error?.code);
  put('errorMessage', item.error?.message);
  put('graphRequestId', item.graphRequestId);
  put('clientRequestId', item.clientRequestId);
  put('completedAt', item.completedAt);
  return row;
}

function putTarget(item: ItemView, target: Record<string, unknown> | undefined, put: (column: string, value: unknown) => void): void {
  if (!target) return;
  const odataType = String(target['@odata.type'] ?? '');
  const kind = targetKindOfOdataType(odataType);
  if (!kind) throw new CsvExportError(`item ${item.index}: target type '${odataType}' has no name in the CSV format`);
  put('target', kind);
  const known = new Set<string>(['@odata.type', FILTER_ID_PROPERTY, FILTER_TYPE_PROPERTY, ...TARGET_PROPERTY_COLUMNS]);
  const extra = Object.keys(target).filter((k) => !known.has(k));
  if (extra.length > 0) throw new CsvExportError(`item ${item.index}: its target has ${extra.join(', ')}, which the CSV has no column for; export it as JSON instead (--json)`);
  for (const column of TARGET_PROPERTY_COLUMNS) put(column, target[column]);
  put('filterId', target[FILTER_ID_PROPERTY]);
  put('filterType', target[FILTER_TYPE_PROPERTY]);
}
