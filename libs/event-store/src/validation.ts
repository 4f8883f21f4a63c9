import type {
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
} from "./event-store.port.js";

/** An event with its data and metadata already serialized to JSON. */
export interface SerializedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

const NAMED_REVISIONS: readonly string[] = [
  "any",
  "no_stream",
  "stream_exists",
];

/** Checks the arguments of `append` and serializes the events to JSON, or throws TypeError or RangeError. */
export function prepareAppend(
  streamId: string,
  events: EventToAppend[],
  expectedRevision: ExpectedRevision,
): SerializedEvent[] {
  requireNonEmptyString(streamId, "streamId");
  checkExpectedRevision(expectedRevision);
  if (!Array.isArray(events)) {
    throw new TypeError(
      `Invalid events for stream ${streamId}: expected an array.`,
    );
  }

  const seenIds = new Set<string>();
  return events.map((event, index) => {
    const label = `events[${index}] of stream ${streamId}`;
    if (typeof event !== "object" || event === null) {
      throw new TypeError(`Invalid ${label}: expected an event object.`);
    }
    requireNonEmptyString(event.id, `${label}.id`);
    requireNonEmptyString(event.type, `${label}.type`);
    if (seenIds.has(event.id)) {
      throw new TypeError(
        `Invalid ${label}: event id ${event.id} appears twice in one append.`,
      );
    }
    seenIds.add(event.id);
    return {
      id: event.id,
      type: event.type,
      data: toJsonObject(event.data, `${label}.data`),
      metadata: toJsonObject(event.metadata, `${label}.metadata`),
    };
  });
}

export function checkReadStreamOptions(options: ReadStreamOptions): void {
  const { direction } = options;
  if (
    direction !== undefined &&
    direction !== "forwards" &&
    direction !== "backwards"
  ) {
    throw new TypeError(
      `Invalid direction ${String(direction)}: expected forwards or backwards.`,
    );
  }
  checkOptionalCount(options.fromRevision, "fromRevision");
  checkOptionalCount(options.maxCount, "maxCount");
}

export function checkReadAllOptions(options: ReadAllOptions): void {
  checkOptionalCount(options.afterPosition, "afterPosition");
  checkOptionalCount(options.maxCount, "maxCount");
}

/** Checks that a revision, position or count is absent or a non-negative integer. */
export function checkOptionalCount(value: unknown, name: string): void {
  if (value === undefined) {
    return;
  }
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new RangeError(
      `Invalid ${name} ${String(value)}: expected a non-negative integer.`,
    );
  }
}

function checkExpectedRevision(value: ExpectedRevision): void {
  if (typeof value === "string" && NAMED_REVISIONS.includes(value)) {
    return;
  }
  if (!Number.isSafeInteger(value) || (value as number) < 0) {
    throw new RangeError(
      `Invalid expected revision ${String(value)}: expected any, no_stream, stream_exists or a non-negative integer.`,
    );
  }
}

function requireNonEmptyString(value: unknown, name: string): void {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`Invalid ${name}: expected a non-empty string.`);
  }
}

function toJsonObject(value: unknown, name: string): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Invalid ${name}: expected a plain object.`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new TypeError(
      `Invalid ${name}: it cannot be serialized to JSON (${String(error)}).`,
      { cause: error },
    );
  }
}
