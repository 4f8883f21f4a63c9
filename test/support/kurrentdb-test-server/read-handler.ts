import { status as GrpcStatus, type ServerWritableStream } from "@grpc/grpc-js";

import type { InMemoryLog, StoredRecord } from "./in-memory-log.js";
import { LogSubscription } from "./log-subscription.js";
import {
  eventResponse,
  streamName,
  streamNotFoundResponse,
  type UuidFormat,
} from "./messages.js";
import { streamsPb, type ReadReq, type ReadResp } from "./protocol.js";
import {
  readOptions,
  recordFilter,
  type ReadOptions,
  type RecordFilter,
} from "./record-filter.js";

const { ReadDirection } = streamsPb.ReadReq.Options;
const { RevisionOptionCase } = streamsPb.ReadReq.Options.StreamOptions;
const { AllOptionCase } = streamsPb.ReadReq.Options.AllOptions;

type Call = ServerWritableStream<ReadReq, ReadResp>;

/**
 * `Streams/Read`: reads of a stream or of `$all` in either direction, and
 * catch-up subscriptions to either. Reads are inclusive of their start
 * revision and of a forward start position, exclusive of a backward start
 * position; subscriptions start strictly after the given revision or
 * position. Reading a missing stream answers in-band with `stream_not_found`.
 */
export function handleRead(log: InMemoryLog, call: Call): void {
  try {
    const options = readOptions(call.request);
    const uuidFormat: UuidFormat = options.getUuidOption()?.hasStructured()
      ? "structured"
      : "string";
    if (options.hasSubscription()) subscribe(log, call, options, uuidFormat);
    else read(log, call, options, uuidFormat);
  } catch (error) {
    call.destroy({
      name: "InvalidRead",
      message: (error as Error).message,
      code: GrpcStatus.INVALID_ARGUMENT,
    } as Error);
  }
}

function read(
  log: InMemoryLog,
  call: Call,
  options: ReadOptions,
  uuidFormat: UuidFormat,
): void {
  const count = Number(BigInt(options.getCount()));
  const backwards = options.getReadDirection() === ReadDirection.BACKWARDS;
  const all = options.getAll();
  let records: StoredRecord[];
  if (all) {
    records = readAll(log, all, backwards, count, recordFilter(options));
  } else {
    const streamId = streamName(options.getStream()?.getStreamIdentifier());
    const stream = log.streamRecords(streamId);
    if (stream === undefined) {
      call.write(streamNotFoundResponse(streamId));
      call.end();
      return;
    }
    records = readStream(stream, options, backwards, count);
  }
  for (const record of records) call.write(eventResponse(record, uuidFormat));
  call.end();
}

function readStream(
  stream: readonly StoredRecord[],
  options: ReadOptions,
  backwards: boolean,
  count: number,
): StoredRecord[] {
  const streamOptions = options.getStream()!;
  const last = stream.length - 1;
  const from =
    streamOptions.getRevisionOptionCase() === RevisionOptionCase.REVISION
      ? Number(BigInt(streamOptions.getRevision()))
      : undefined;
  if (backwards) {
    const start = streamOptions.hasStart() ? 0 : Math.min(from ?? last, last);
    return stream.slice(Math.max(0, start - count + 1), start + 1).reverse();
  }
  const start = streamOptions.hasEnd() ? stream.length : (from ?? 0);
  return stream.slice(start, start + count);
}

function readAll(
  log: InMemoryLog,
  all: InstanceType<typeof streamsPb.ReadReq.Options.AllOptions>,
  backwards: boolean,
  count: number,
  filter: RecordFilter | undefined,
): StoredRecord[] {
  const { records } = log;
  const position = all.getPosition();
  const result: StoredRecord[] = [];
  const take = (record: StoredRecord): boolean => {
    if (filter === undefined || filter.matches(record)) result.push(record);
    return result.length < count;
  };

  if (backwards) {
    let index = records.length - 1;
    if (all.getAllOptionCase() === AllOptionCase.POSITION && position)
      index = log.indexAtOrAfter(BigInt(position.getCommitPosition())) - 1;
    else if (all.getAllOptionCase() === AllOptionCase.START) index = -1;
    for (; index >= 0 && take(records[index]!); index -= 1);
    return result;
  }
  let index = 0;
  if (all.getAllOptionCase() === AllOptionCase.POSITION && position)
    index = log.indexAtOrAfter(BigInt(position.getCommitPosition()));
  else if (all.getAllOptionCase() === AllOptionCase.END) index = records.length;
  for (; index < records.length && take(records[index]!); index += 1);
  return result;
}

function subscribe(
  log: InMemoryLog,
  call: Call,
  options: ReadOptions,
  uuidFormat: UuidFormat,
): void {
  const all = options.getAll();
  if (all) {
    const position = all.getPosition();
    let startIndex = 0;
    if (all.getAllOptionCase() === AllOptionCase.POSITION && position)
      startIndex = log.indexAtOrAfter(
        BigInt(position.getCommitPosition()) + 1n,
      );
    else if (all.getAllOptionCase() === AllOptionCase.END)
      startIndex = log.records.length;
    const subscription = new LogSubscription(log, call, {
      records: () => log.records,
      startIndex,
      filter: recordFilter(options),
      uuidFormat,
    });
    subscription.start();
    return;
  }

  const streamOptions = options.getStream()!;
  const streamId = streamName(streamOptions.getStreamIdentifier());
  const records = (): readonly StoredRecord[] =>
    log.streamRecords(streamId) ?? [];
  let startIndex = 0;
  if (streamOptions.getRevisionOptionCase() === RevisionOptionCase.REVISION)
    startIndex = Number(BigInt(streamOptions.getRevision())) + 1;
  else if (streamOptions.hasEnd()) startIndex = records().length;
  const subscription = new LogSubscription(log, call, {
    records,
    startIndex,
    filter: undefined,
    uuidFormat,
  });
  subscription.start();
}
