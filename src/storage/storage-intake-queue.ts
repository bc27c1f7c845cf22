import { StorageJsonQueue } from './storage-json-queue.js';
import type { IntakeMessage, IntakeQueue } from '../ports/intake-queue.js';

/** IntakeQueue on an Azure Storage queue. */
export class StorageIntakeQueue extends StorageJsonQueue<IntakeMessage> implements IntakeQueue {}
