import type { ExpectedRevision } from "./event-store.port.js";

/** The stream's current revision does not match what the writer expected. */
export class WrongExpectedVersionError extends Error {
  readonly kind = "wrong_expected_version";

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or `no_stream`. */
    readonly actual: number | "no_stream",
  ) {
    super(
      `Append to stream ${streamId} expected revision ${String(expected)} but the stream is at ${String(actual)}.`,
    );
    this.name = "WrongExpectedVersionError";
  }
}

/** The store cannot be reached or timed out; the append may be retried. */
export class EventStoreUnavailableError extends Error {
  readonly kind = "event_store_unavailable";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EventStoreUnavailableError";
  }
}

/**
 * An appended event id is already stored in another stream. Adapters that
 * keep event ids unique across the whole log, such as the SQLite store,
 * reject the whole append with it, so none of its events is stored.
 */
export class DuplicateEventIdError extends Error {
  readonly kind = "duplicate_event_id";

  constructor(
    readonly eventId: string,
    readonly streamId: string,
    /** Stream that already contains the event id. */
    readonly existingStreamId: string,
  ) {
    super(
      `Append to stream ${streamId} rejected: event id ${eventId} is already stored in stream ${existingStreamId}.`,
    );
    this.name = "DuplicateEventIdError";
  }
}
