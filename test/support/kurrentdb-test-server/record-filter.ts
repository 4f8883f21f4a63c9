import type { StoredRecord } from "./in-memory-log.js";
import { streamsPb, type ReadReq } from "./protocol.js";

/** A server-side filter of `$all` reads and subscriptions. */
export interface RecordFilter {
  matches(record: StoredRecord): boolean;
  /** Examined events between two checkpoints of a subscription. */
  checkpointEvery: number;
}

const { FilterCase } = streamsPb.ReadReq.Options.FilterOptions;
/**
 * The real server multiplies the client's checkpoint interval by this
 * number: a subscription gets a checkpoint every `interval × 32` events it
 * examined.
 */
const CHECKPOINT_INTERVAL_UNIT = 32;

/** Builds the filter of a read request, or undefined when it has none. */
export function recordFilter(
  options: InstanceType<typeof streamsPb.ReadReq.Options>,
): RecordFilter | undefined {
  const filter = options.getFilter();
  if (!options.hasFilter() || filter === undefined) return undefined;

  const onStream = filter.getFilterCase() === FilterCase.STREAM_IDENTIFIER;
  const expression = onStream
    ? filter.getStreamIdentifier()
    : filter.getEventType();
  if (expression === undefined) return undefined;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex()
    ? new RegExp(expression.getRegex())
    : null;
  const multiplier = Math.max(1, filter.getCheckpointintervalmultiplier());

  return {
    checkpointEvery: multiplier * CHECKPOINT_INTERVAL_UNIT,
    matches: (record) => {
      const value = onStream ? record.streamId : record.type;
      if (prefixes.length > 0 && !prefixes.some((p) => value.startsWith(p)))
        return false;
      return regex === null || regex.test(value);
    },
  };
}

export type ReadOptions = InstanceType<typeof streamsPb.ReadReq.Options>;

export function readOptions(request: ReadReq): ReadOptions {
  const options = request.getOptions();
  if (options === undefined)
    throw new Error("The read request has no options.");
  return options;
}
