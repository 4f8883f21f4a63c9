import {
  excludeSystemEvents,
  streamNameFilter,
  type Filter,
  type Position,
} from "@kurrent/kurrentdb-client";

/**
 * The server-side filter of `$all` reads and subscriptions.
 *
 * With stream prefixes it keeps the project's streams, which also drops
 * KurrentDB's system streams (named `$…`). Without prefixes it is the
 * client's `excludeSystemEvents()`, a filter on event types. The protocol
 * carries one filter expression, on stream names or on event types, so the
 * two cannot be combined on the server; the adapter drops `$`-typed events
 * of prefixed streams itself.
 */
export function allFilter(
  streamPrefixes: readonly string[] | undefined,
  options: {
    checkpointInterval?: number;
    checkpointReached?: (position: Position) => void;
  } = {},
): Filter {
  const checkpoint = {
    checkpointInterval: options.checkpointInterval ?? 1,
    checkpointReached: options.checkpointReached
      ? (_subscription: unknown, position: Position) =>
          options.checkpointReached?.(position)
      : undefined,
  };
  if (streamPrefixes === undefined || streamPrefixes.length === 0) {
    return excludeSystemEvents(checkpoint);
  }
  return streamNameFilter({ prefixes: [...streamPrefixes], ...checkpoint });
}
