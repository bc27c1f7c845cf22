import { StorageJsonQueue } from './storage-json-queue.js';
import type { EventQueue } from '../ports/event-queue.js';
import type { GroupReplacementMessage } from '../ports/group-replacement-message.js';

/** EventQueue on an Azure Storage queue. */
export class StorageEventQueue extends StorageJsonQueue<GroupReplacementMessage> implements EventQueue {}
