import {
  jsonEvent,
  START,
  type AppendStreamState,
  type EventData,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from "@kurrent/kurrentdb-client";

import type {
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
} from "../event-store.port.js";

const MILLISECONDS_PER_SECOND = 1000;

/** Maps a port event to the client's JSON event: same id and type, JSON data, metadata as JSON. */
export function toEventData(event: EventToAppend): EventData {
  return jsonEvent({
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata },
  });
}

/** Converts the port's expected revision to the client's stream state; the named states are spelled the same. */
export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  return typeof expected === "number" ? BigInt(expected) : expected;
}

/**
 * Maps a KurrentDB commit position to the port's numeric position.
 *
 * Positions are byte offsets in the server's log, so a JavaScript number represents
 * them exactly up to 2^53 bytes (8 PiB of log), far past any store this
 * product writes; a larger one throws instead of silently rounding.
 */
export function toPortPosition(
  position: Position | bigint | undefined,
): number {
  const commit = typeof position === "bigint" ? position : position?.commit;
  if (commit === undefined) {
    throw new Error(
      "KurrentDB returned an event or append without a position.",
    );
  }
  if (commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `KurrentDB position ${commit} exceeds 2^53 - 1 and cannot be used as a port position.`,
    );
  }
  return Number(commit);
}

/**
 * Converts a port position to the client's position. Events written in one append on
 * KurrentDB 20.x and later have equal commit and prepare positions, so the
 * commit position alone identifies the event.
 * NOTE: events written through the legacy explicit transactions of the TCP
 * API can have prepare < commit; this product never writes them.
 */
export function toReadPosition(afterPosition: number): ReadPosition {
  if (afterPosition === 0) return START;
  const position = BigInt(afterPosition);
  return { commit: position, prepare: position };
}

/**
 * Maps a read or delivered event to the port's recorded event, or returns
 * undefined for an entry without an event (an unresolved link).
 *
 * `createdAt` is cut to whole seconds: reads through the client's native
 * bridge (`@kurrent/bridge`, client 1.3.1) return the creation time in whole
 * seconds while subscriptions return milliseconds, and one event must look
 * the same on both paths.
 */
export function toRecordedEvent(
  resolved: ResolvedEvent,
): RecordedEvent | undefined {
  const event = resolved.event;
  if (event === undefined) return undefined;
  const createdMs = event.created.getTime();
  return {
    id: event.id,
    streamId: event.streamId,
    type: event.type,
    revision: Number(event.revision),
    position: toPortPosition(event.position ?? resolved.commitPosition),
    data: asJsonObject(event.data, event.id, "data"),
    metadata: asJsonObject(
      event.metadata,
      event.id,
      "metadata",
    ) as unknown as EventMetadata,
    createdAt: new Date(createdMs - (createdMs % MILLISECONDS_PER_SECOND)),
  };
}

/** Checks whether an event is KurrentDB's own, with a `$`-prefixed type. */
export function isSystemEvent(resolved: ResolvedEvent): boolean {
  return resolved.event?.type.startsWith("$") ?? false;
}

function asJsonObject(
  value: unknown,
  eventId: string,
  field: string,
): Record<string, unknown> {
  if (
    typeof value !== "object" ||
    value === null ||
    value instanceof Uint8Array
  ) {
    throw new TypeError(
      `Event ${eventId} has no JSON object as ${field}; only events written by this product can be read.`,
    );
  }
  return value as Record<string, unknown>;
}
