/** A desired-state document as stored: its blob name and text. */
export interface DesiredStateDocument {
  readonly name: string;
  readonly text: string;
  /** Why the document could not be read (too large, for example); `text` is then empty. */
  readonly unreadable?: string;
}

/** A desired-state document larger than this is refused unread: it is a mistake, not a policy set. */
export const MAX_DESIRED_STATE_DOCUMENT_BYTES = 8 * 1024 * 1024;

/** How a source reports a document it refuses to read for its size. */
export function oversizedDocument(name: string, size: number): DesiredStateDocument {
  return { name, text: '', unreadable: `is ${size} bytes, larger than the ${MAX_DESIRED_STATE_DOCUMENT_BYTES} bytes a desired-state document may be; split it` };
}

/** Where the platform team keeps its desired state. */
export interface DesiredStateSource {
  /** Every desired-state document, in name order; none when there are none. */
  readAll(): Promise<DesiredStateDocument[]>;
}
