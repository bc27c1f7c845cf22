import { parse } from 'csv-parse/sync';
import {
  ALL_COLUMNS,
  BODY_PROPERTY_COLUMNS,
  CHANGE_COLUMNS,
  FILTER_ID_PROPERTY,
  FILTER_TYPE_PROPERTY,
  ROW_ACTIONS,
  TARGET_KINDS,
  TARGET_PROPERTY_COLUMNS,
  odataTypeOfTargetKind,
  type ChangeColumn,
} from './csv-columns.js';

/** One item of `POST /api/jobs`, as a row describes it. */
export type SubmissionItem = Record<string, unknown>;

/** The items of a CSV file, and for each the line its row starts on (for error messages). */
export type ParsedItemsCsv =
  | { ok: true; items: SubmissionItem[]; lines: number[] }
  | { ok: false; errors: string[] };

type Row = Partial<Record<ChangeColumn, string>>;

/**
 * Reads an items CSV (format in the README, "Command line"). The header names the columns, in
 * any order; result columns of an export are allowed and ignored; an unknown column is refused,
 * since a misspelt `groupld` would otherwise be dropped and the change would be another one.
 * Only the shape of each row is checked here: what the items mean is checked by the service
 * (or offline by the same code), whose errors name the item index, mapped back to lines.
 */
export function parseItemsCsv(text: string): ParsedItemsCsv {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, relax_column_count: false, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    return { ok: false, errors: [`is not valid CSV: ${(error as Error).message}`] };
  }
  const [header, ...rows] = records;
  if (!header) return { ok: false, errors: ['is empty: the first line must name the columns (at least path or policy)'] };
  const errors: string[] = [];
  const columns = header.record;
  columns.forEach((name, position) => {
    if (!ALL_COLUMNS.includes(name)) {
      errors.push(`line 1: column ${position + 1} '${name}' is not a column of the items CSV; columns are ${CHANGE_COLUMNS.join(', ')} (and the export's result columns)`);
    } else if (columns.indexOf(name) !== position) {
      errors.push(`line 1: column '${name}' appears more than once`);
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ['has a header but no rows'] };

  const items: SubmissionItem[] = [];
  const lines: number[] = [];
  for (const { record, info } of rows) {
    // info.lines is the line the record ends on; a record spans more when a quoted cell holds line breaks.
    const line = info.lines - (record.join(',').split('\n').length - 1);
    const row: Row = {};
    columns.forEach((name, position) => {
      const value = record[position] ?? '';
      if (value !== '' && (CHANGE_COLUMNS as readonly string[]).includes(name)) row[name as ChangeColumn] = value;
    });
    const item = rowToItem(row, (message) => errors.push(`line ${line}: ${message}`));
    if (item) {
      items.push(item);
      lines.push(line);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items, lines };
}

function rowToItem(row: Row, report: (message: string) => void): SubmissionItem | undefined {
  const action = (row.action ?? 'patch').toLowerCase();
  if (!(ROW_ACTIONS as readonly string[]).includes(action)) {
    report(`action '${row.action}' is not one of ${ROW_ACTIONS.join(', ')} (empty means patch)`);
    return undefined;
  }
  const target = rowTarget(row, report);
  if (target === null) return undefined;
  const common = { ...(row.ref ? { ref: row.ref } : {}), ...(row.apiVersion ? { apiVersion: row.apiVersion } : {}) };

  if (action === 'patch') {
    if (row.policy) report(`policy is for add and remove rows; a patch row names the assignment in path`);
    if (!row.path) report('path is required: the assignment to change (or set action to add or remove and give policy)');
    if (row.policy || !row.path) return undefined;
    const body: Record<string, unknown> = { ...(target ? { target } : {}) };
    for (const column of BODY_PROPERTY_COLUMNS) if (row[column]) body[column] = row[column];
    return { ...common, path: row.path, body };
  }

  const misplaced = ['path', 'source', 'sourceId', 'id'].filter((c) => row[c as ChangeColumn]);
  if (misplaced.length > 0) report(`${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} for patch rows only; an ${action} row names the policy and the target`);
  if (!row.policy) report(`policy is required for an ${action} row: the policy whose assignments change`);
  if (misplaced.length > 0 || !row.policy) return undefined;
  return { ...common, action, policy: row.policy, ...(target ? { target } : {}), ...(row.intent ? { intent: row.intent } : {}) };
}

/** The target the row describes, undefined when it names none, null when it is wrong. */
function rowTarget(row: Row, report: (message: string) => void): Record<string, unknown> | undefined | null {
  const given = [...TARGET_PROPERTY_COLUMNS, 'filterId', 'filterType'].filter((c) => row[c as ChangeColumn]);
  if (!row.target) {
    if (given.length === 0) return undefined;
    report(`${given.join(', ')} given without target: set target to one of ${[...TARGET_KINDS.keys()].join(', ')}`);
    return null;
  }
  const odataType = odataTypeOfTargetKind(row.target);
  if (!odataType) {
    report(`target '${row.target}' is not one of ${[...TARGET_KINDS.keys()].join(', ')}`);
    return null;
  }
  const target: Record<string, unknown> = { '@odata.type': odataType };
  for (const column of TARGET_PROPERTY_COLUMNS) if (row[column]) target[column] = row[column];
  if (row.filterId) target[FILTER_ID_PROPERTY] = row.filterId;
  if (row.filterType) target[FILTER_TYPE_PROPERTY] = row.filterType;
  return target;
}
