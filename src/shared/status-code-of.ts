/** The HTTP status an Azure SDK error carries (`RestError.statusCode`), if any. */
export function statusCodeOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number((error as { statusCode: unknown }).statusCode)
    : undefined;
}
