/** A desired-state document as stored: its blob name and text. */
export interface DesiredStateDocument {
  readonly name: string;
  readonly text: string;
  /** Why the document could not be read (too large, for example); `text` is then empty. */
  readonly unreadable?: string;
}

/** Where the platform team keeps its desired state. */
export interface DesiredStateSource {
  /** Every desired-state document, in name order; none when there are none. */
  readAll(): Promise<DesiredStateDocument[]>;
}
