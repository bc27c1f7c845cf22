/**
 * One reason a submission was refused.
 *
 * `message` completes a sentence whose subject is the field ("`items[2].path` must start with
 * '/'"), so the HTTP layer can show either part alone or both together.
 */
export interface FieldError {
  /** Index of the item in `items`, when the error belongs to one item. */
  readonly index?: number;
  /**
   * Where the problem is, e.g. `items[3].body.target.groupId`, `items[0].path`, `label`.
   * Keys that are not plain identifiers are written in brackets with JSON quoting
   * (`items[0].body["@odata.type"]`) so that the name stays unambiguous. `''` is the request
   * body as a whole, as in JSON Pointer.
   */
  readonly field: string;
  readonly message: string;
}
