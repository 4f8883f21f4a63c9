import { status as GrpcStatus } from "@grpc/grpc-js";
import {
  CancelledError,
  DeadlineExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError as ClientWrongExpectedVersionError,
} from "@kurrent/kurrentdb-client";

import {
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from "../errors.js";
import type { ExpectedRevision } from "../event-store.port.js";

/** gRPC codes that mean the server could not be reached or did not respond in time. */
const UNAVAILABLE_CODES: ReadonlySet<unknown> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.CANCELLED,
]);

/**
 * Checks whether an error of the client means the server is unreachable, timed out,
 * is shutting down or is not the leader: a retry later may succeed. The batch
 * append path rejects with the raw gRPC error (code 14, "No connection
 * established") rather than the client's `UnavailableError`, so codes count
 * as much as classes.
 */
export function isUnavailable(error: unknown): boolean {
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
  ) {
    return true;
  }
  const code = (error as { code?: unknown } | null)?.code;
  return (
    UNAVAILABLE_CODES.has(code) || /ECONNREFUSED|ECONNRESET/.test(String(error))
  );
}

/** Wraps an unavailability error of the client in the port's error; returns other errors as they are. */
export function toPortError(error: unknown, operation: string): unknown {
  if (!isUnavailable(error)) return error;
  return new EventStoreUnavailableError(
    `KurrentDB did not complete ${operation}: ${errorMessage(error)}. Retry when the server is reachable.`,
    { cause: error },
  );
}

export function isClientWrongExpectedVersion(
  error: unknown,
): error is ClientWrongExpectedVersionError {
  return error instanceof ClientWrongExpectedVersionError;
}

/** The port's error for a wrong expected version the server reported. */
export function toWrongExpectedVersion(
  error: ClientWrongExpectedVersionError,
  streamId: string,
  expected: ExpectedRevision,
): WrongExpectedVersionError {
  const actual = error.actualState;
  return new WrongExpectedVersionError(
    streamId,
    expected,
    typeof actual === "bigint" ? Number(actual) : "no_stream",
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
