import { WrongExpectedVersionError } from "../errors.js";
import type {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from "../event-store.port.js";

/**
 * Applies the port's idempotency rule to a stream's stored events. When
 * every event id is stored as a contiguous run in the same order, it returns
 * the original result. When none is stored, it returns undefined. A partial
 * or reordered overlap throws `WrongExpectedVersionError`.
 *
 * KurrentDB's own check recognises only some retries (the same expected
 * revision, or ids still in its cache of recent writes) and stores a retry
 * with `expectedRevision` equal to the current revision again, so the
 * adapter applies the port's rule itself.
 */
export function findRetriedRun(
  streamId: string,
  stored: readonly RecordedEvent[],
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): AppendResult | undefined {
  const indexById = new Map(stored.map((event, index) => [event.id, index]));
  const indexes = events
    .map((event) => indexById.get(event.id))
    .filter((index) => index !== undefined);
  if (indexes.length === 0) return undefined;

  const actual = stored.at(-1)?.revision ?? "no_stream";
  const first = indexes[0]!;
  const contiguous =
    indexes.length === events.length &&
    indexes.every((index, offset) => index === first + offset);
  if (!contiguous) {
    throw new WrongExpectedVersionError(streamId, expectedRevision, actual);
  }
  const last = stored[indexes.at(-1)!]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
