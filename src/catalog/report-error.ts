/**
 * Receives one validation error. Checkers take this instead of an error list so that they do
 * not need to know which item they are in or whether the list is already full.
 */
export type ReportError = (field: string, message: string) => void;
