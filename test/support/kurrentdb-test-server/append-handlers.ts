import {
  status as GrpcStatus,
  type ServerDuplexStream,
  type ServerReadableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";

import type {
  AppendOutcome,
  CurrentRevision,
  ExpectedState,
  InMemoryLog,
  ProposedEvent,
} from "./in-memory-log.js";
import {
  streamIdentifier,
  streamName,
  toProposedEvent,
  uuidToString,
} from "./messages.js";
import {
  anyPb,
  emptyPb,
  sharedPb,
  statusPb,
  streamsPb,
  type AppendReq,
  type AppendResp,
  type BatchAppendReq,
  type BatchAppendResp,
} from "./protocol.js";

const { ExpectedStreamRevisionCase } = streamsPb.AppendReq.Options;
const { ExpectedStreamPositionCase } = streamsPb.BatchAppendReq.Options;
/** `google.rpc.Code.FAILED_PRECONDITION`, which the real server sets on a wrong expected version. */
const FAILED_PRECONDITION = 9;
/** The gRPC error of an append that fault injection rejects. */
export const APPENDS_REJECTED = {
  code: GrpcStatus.UNAVAILABLE,
  details: "Appends are rejected by fault injection (rejectAppends).",
};
/** `google.rpc.Code.INVALID_ARGUMENT`, for a malformed append. */
const INVALID_ARGUMENT = 3;

/**
 * `Streams/Append`: the client streams the options, then the events, and
 * the server responds once. A wrong expected version is an in-band response,
 * as on current servers, not a gRPC error.
 */
export function handleAppend(
  log: InMemoryLog,
  call: ServerReadableStream<AppendReq, AppendResp>,
  callback: sendUnaryData<AppendResp>,
): void {
  let options: InstanceType<typeof streamsPb.AppendReq.Options> | undefined;
  const events: ProposedEvent[] = [];
  let failed = false;
  const fail = (message: string): void => {
    failed = true;
    callback({ code: GrpcStatus.INVALID_ARGUMENT, details: message });
  };

  call.on("data", (request: AppendReq) => {
    if (failed) return;
    try {
      if (request.hasOptions()) options = request.getOptions();
      const proposed = request.getProposedMessage();
      if (proposed) events.push(toProposedEvent(proposed));
    } catch (error) {
      fail((error as Error).message);
    }
  });
  call.on("end", () => {
    if (failed) return;
    if (!options) return fail("The append sent no options.");
    const streamId = streamName(options.getStreamIdentifier());
    const expected = appendExpectedState(options);
    const outcome = log.append(streamId, expected, events);
    callback(null, appendResponse(outcome, expected));
  });
}

interface PendingBatch {
  streamId: string;
  expected: ExpectedState;
  events: ProposedEvent[];
}

/**
 * `Streams/BatchAppend`: one bidirectional stream carries many appends, each
 * sent as chunks under a correlation id and responded to once its final
 * chunk arrived. Errors, such as a wrong expected version, are
 * `google.rpc.Status` responses with packed details.
 */
export function handleBatchAppend(
  log: InMemoryLog,
  call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>,
  rejectAppends: () => boolean,
): void {
  const pending = new Map<string, PendingBatch>();

  call.on("data", (request: BatchAppendReq) => {
    if (rejectAppends()) {
      // Ends the whole stream, so the client fails every append in flight on it.
      call.emit("error", APPENDS_REJECTED);
      return;
    }
    const correlationId = request.getCorrelationId();
    const key = uuidToString(correlationId);
    try {
      const options = request.getOptions();
      if (options) {
        pending.set(key, {
          streamId: streamName(options.getStreamIdentifier()),
          expected: batchExpectedState(options),
          events: [],
        });
      }
      const batch = pending.get(key);
      if (!batch) return;
      const proposed = request.getProposedMessagesList();
      batch.events.push(...proposed.map(toProposedEvent));
      if (!request.getIsFinal()) return;

      pending.delete(key);
      const outcome = log.append(batch.streamId, batch.expected, batch.events);
      const response = batchResponse(outcome, batch.expected)
        .setCorrelationId(correlationId)
        .setStreamIdentifier(streamIdentifier(batch.streamId));
      call.write(response);
    } catch (error) {
      pending.delete(key);
      const message = (error as Error).message;
      // The client reads the details of every error, so they must be set.
      const details = new anyPb.Any();
      details.pack(
        new sharedPb.BadRequest().setMessage(message).serializeBinary(),
        "event_store.client.BadRequest",
      );
      const invalid = new statusPb.Status()
        .setCode(INVALID_ARGUMENT)
        .setMessage(message)
        .setDetails(details);
      call.write(
        new streamsPb.BatchAppendResp()
          .setCorrelationId(correlationId)
          .setError(invalid),
      );
    }
  });
  call.on("end", () => call.end());
}

function appendExpectedState(
  options: InstanceType<typeof streamsPb.AppendReq.Options>,
): ExpectedState {
  switch (options.getExpectedStreamRevisionCase()) {
    case ExpectedStreamRevisionCase.REVISION:
      return { kind: "revision", revision: BigInt(options.getRevision()) };
    case ExpectedStreamRevisionCase.NO_STREAM:
      return { kind: "no_stream" };
    case ExpectedStreamRevisionCase.STREAM_EXISTS:
      return { kind: "stream_exists" };
    default:
      return { kind: "any" };
  }
}

function batchExpectedState(
  options: InstanceType<typeof streamsPb.BatchAppendReq.Options>,
): ExpectedState {
  switch (options.getExpectedStreamPositionCase()) {
    case ExpectedStreamPositionCase.STREAM_POSITION:
      return {
        kind: "revision",
        revision: BigInt(options.getStreamPosition()),
      };
    case ExpectedStreamPositionCase.NO_STREAM:
      return { kind: "no_stream" };
    case ExpectedStreamPositionCase.STREAM_EXISTS:
      return { kind: "stream_exists" };
    default:
      return { kind: "any" };
  }
}

function appendResponse(
  outcome: AppendOutcome,
  expected: ExpectedState,
): AppendResp {
  const response = new streamsPb.AppendResp();
  if (outcome.kind === "wrong_expected_version") {
    const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
    if (outcome.current === "no_stream")
      wrong.setCurrentNoStream(new sharedPb.Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (expected.kind === "revision")
      wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === "no_stream")
      wrong.setExpectedNoStream(new sharedPb.Empty());
    else if (expected.kind === "stream_exists")
      wrong.setExpectedStreamExists(new sharedPb.Empty());
    else wrong.setExpectedAny(new sharedPb.Empty());
    return response.setWrongExpectedVersion(wrong);
  }

  const position = new streamsPb.AppendResp.Position()
    .setCommitPosition(outcome.position.toString())
    .setPreparePosition(outcome.position.toString());
  const success = new streamsPb.AppendResp.Success().setPosition(position);
  if (outcome.revision < 0n) success.setNoStream(new sharedPb.Empty());
  else success.setCurrentRevision(outcome.revision.toString());
  return response.setSuccess(success);
}

function batchResponse(
  outcome: AppendOutcome,
  expected: ExpectedState,
): BatchAppendResp {
  const response = new streamsPb.BatchAppendResp();
  if (expected.kind === "revision")
    response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === "no_stream")
    response.setNoStream(new emptyPb.Empty());
  else if (expected.kind === "stream_exists")
    response.setStreamExists(new emptyPb.Empty());
  else response.setAny(new emptyPb.Empty());

  if (outcome.kind === "wrong_expected_version") {
    return response.setError(
      wrongExpectedVersionStatus(outcome.current, expected),
    );
  }
  const position = new sharedPb.AllStreamPosition()
    .setCommitPosition(outcome.position.toString())
    .setPreparePosition(outcome.position.toString());
  const success = new streamsPb.BatchAppendResp.Success().setPosition(position);
  if (outcome.revision < 0n) success.setNoStream(new emptyPb.Empty());
  else success.setCurrentRevision(outcome.revision.toString());
  return response.setSuccess(success);
}

function wrongExpectedVersionStatus(
  current: CurrentRevision,
  expected: ExpectedState,
): InstanceType<typeof statusPb.Status> {
  const details = new sharedPb.WrongExpectedVersion();
  if (current === "no_stream") details.setCurrentNoStream(new emptyPb.Empty());
  else details.setCurrentStreamRevision(current.toString());
  if (expected.kind === "revision")
    details.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === "no_stream")
    details.setExpectedNoStream(new emptyPb.Empty());
  else if (expected.kind === "stream_exists")
    details.setExpectedStreamExists(new emptyPb.Empty());
  else details.setExpectedAny(new emptyPb.Empty());

  const packed = new anyPb.Any();
  packed.pack(
    details.serializeBinary(),
    "event_store.client.WrongExpectedVersion",
  );
  return new statusPb.Status()
    .setCode(FAILED_PRECONDITION)
    .setMessage("Wrong expected version.")
    .setDetails(packed);
}
