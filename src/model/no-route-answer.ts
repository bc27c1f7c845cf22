/**
 * Whether Graph refused a PATCH because it has no route for it, rather than because of what was
 * sent: some Intune services answer item-level assignment routes with 400 and the error code
 * "No method match route template" (message "No OData route exists that match template …"), and
 * some with the code `BadRequest` and that message. The code decides; the message is read only
 * for the generic `BadRequest`, which says nothing by itself. Such an item is applied through its
 * policy's `/assign` instead.
 */
export function isNoRouteAnswer(status: number, code: string | undefined, message: string | undefined): boolean {
  if (status !== 400) return false;
  const normalized = (code ?? '').trim().toLowerCase();
  if (normalized === 'no method match route template') return true;
  return normalized === 'badrequest' && /^\s*no odata route exists/i.test(message ?? '');
}
