import { DuplicateEventIdError, WrongExpectedVersionError } from "../errors.js";
import type { AppendResult, ExpectedRevision } from "../event-store.port.js";
import type { SerializedEvent } from "../validation.js";
import type {
  EventQueries,
  StoredEventRef,
  StreamHead,
} from "./event-queries.js";

/** One `append` call as the group commit applies it. */
export interface AppendRequest {
  streamId: string;
  events: SerializedEvent[];
  expectedRevision: ExpectedRevision;
}

/** Result of `applyAppend` with the number of rows it inserted. */
export interface AppliedAppend {
  result: AppendResult;
  inserted: number;
}

/**
 * Applies one append inside the caller's open transaction and returns its
 * result, or throws `WrongExpectedVersionError` / `DuplicateEventIdError`.
 * The caller wraps it in a savepoint, because a throw can come after some
 * rows were inserted.
 */
export function applyAppend(
  queries: EventQueries,
  request: AppendRequest,
  createdAt: string,
): AppliedAppend {
  const { streamId, events, expectedRevision } = request;
  const head = queries.streamHead(streamId);

  const retried = findIdempotentRetry(queries, request, head);
  if (retried) {
    return { result: retried, inserted: 0 };
  }

  checkExpectedRevision(streamId, expectedRevision, head);
  if (events.length === 0) {
    const result = {
      nextExpectedRevision: head?.revision ?? -1,
      position: head?.position ?? 0,
    };
    return { result, inserted: 0 };
  }

  let revision = head?.revision ?? -1;
  let position = 0;
  for (const event of events) {
    revision += 1;
    position = queries.insert({
      streamId,
      revision,
      eventId: event.id,
      type: event.type,
      data: event.data,
      metadata: event.metadata,
      createdAt,
    });
  }
  const result = { nextExpectedRevision: revision, position };
  return { result, inserted: events.length };
}

/**
 * Returns the original result when every event id is already stored in this
 * stream as a contiguous run in the same order, and undefined when none is
 * stored. Throws when only some ids are stored or an id is in another stream.
 */
function findIdempotentRetry(
  queries: EventQueries,
  request: AppendRequest,
  head: StreamHead | undefined,
): AppendResult | undefined {
  const { streamId, events, expectedRevision } = request;
  const stored: StoredEventRef[] = [];
  for (const event of events) {
    const ref = queries.findEvent(event.id);
    if (ref === undefined) {
      continue;
    }
    if (ref.stream_id !== streamId) {
      throw new DuplicateEventIdError(event.id, streamId, ref.stream_id);
    }
    stored.push(ref);
  }
  if (stored.length === 0) {
    return undefined;
  }

  const actual = head?.revision ?? "no_stream";
  if (stored.length !== events.length) {
    throw new WrongExpectedVersionError(streamId, expectedRevision, actual);
  }
  const first = stored[0]!;
  const contiguous = stored.every(
    (ref, index) =>
      ref.event_id === events[index]!.id &&
      ref.revision === first.revision + index,
  );
  if (!contiguous) {
    throw new WrongExpectedVersionError(streamId, expectedRevision, actual);
  }
  const last = stored[stored.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}

function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  head: StreamHead | undefined,
): void {
  const actual = head?.revision ?? "no_stream";
  const matches =
    expected === "any" ||
    (expected === "no_stream" && head === undefined) ||
    (expected === "stream_exists" && head !== undefined) ||
    expected === actual;
  if (!matches) {
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }
}
