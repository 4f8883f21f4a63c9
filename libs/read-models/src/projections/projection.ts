import type { Transaction } from "kysely";
import type { ControlPlaneEvent } from "../../../domain/src/index.js";
import { isControlPlaneEventType } from "../../../domain/src/index.js";
import type { RecordedEvent } from "../../../event-store/src/index.js";
import type { ReadModelTables } from "../schema.js";

export type ReadModelTransaction = Transaction<ReadModelTables>;

/** Context of the stored event being applied. */
export interface AppliedEventInfo {
  streamId: string;
  position: number;
  createdAt: string;
  /** Id of the command that appended the event. */
  commandId: string;
}

/** Updates some read-model tables from events, inside the projector's transaction. */
export interface Projection {
  readonly name: string;
  apply(
    trx: ReadModelTransaction,
    event: ControlPlaneEvent,
    info: AppliedEventInfo,
  ): Promise<void>;
}

/**
 * Turns a stored event into its domain shape, or null for a type this
 * version does not know. Upcasting of older schema versions belongs here.
 */
export function toDomainEvent(
  recorded: RecordedEvent,
): ControlPlaneEvent | null {
  if (!isControlPlaneEventType(recorded.type)) return null;
  return { type: recorded.type, data: recorded.data } as ControlPlaneEvent;
}
