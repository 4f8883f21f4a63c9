import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";

import { WrongExpectedVersionError } from "../errors.js";
import type {
  EventStore,
  EventToAppend,
  ExpectedRevision,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "../event-store.port.js";

const DEFAULT_WAIT_TIMEOUT_MS = 10_000;
const WAIT_POLL_MS = 5;

/** Returns a stream id no other test uses, so tests can share one log. */
export function uniqueStreamId(prefix = "contract"): string {
  return `${prefix}-${randomUUID()}`;
}

export function newEvent(
  type = "ContractTested",
  data: Record<string, unknown> = {},
): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type,
    data,
    metadata: {
      actorId: "system",
      requestId: randomUUID(),
      commandId: randomUUID(),
      causationId: id,
      correlationId: randomUUID(),
      schemaVersion: 1,
    },
  };
}

export function newEvents(count: number, type?: string): EventToAppend[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

/** Polls `condition` until it holds, or throws once `timeoutMs` has passed. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  description: string,
  timeoutMs = DEFAULT_WAIT_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${description}.`,
      );
    }
    await delay(WAIT_POLL_MS);
  }
}

/** Awaits a rejection and checks it is a WrongExpectedVersionError with these fields. */
export async function expectWrongExpectedVersion(
  promise: Promise<unknown>,
  expected: {
    streamId: string;
    expected: ExpectedRevision;
    actual: number | "no_stream";
  },
): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  const conflict = error as WrongExpectedVersionError;
  expect(conflict.streamId).toBe(expected.streamId);
  expect(conflict.expected).toBe(expected.expected);
  expect(conflict.actual).toBe(expected.actual);
}

/** Promise with its resolve function exposed. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Resolves after pending I/O callbacks and timers of the current loop turn have run. */
export function nextLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Subscribes to the whole log and records every delivered event and callback. */
export class SubscriptionRecorder {
  readonly events: RecordedEvent[] = [];
  readonly errors: Error[] = [];
  readonly subscription: Subscription;
  caughtUpCalls = 0;
  /** Number of events delivered before the first onCaughtUp call. */
  eventsAtCaughtUp: number | undefined;
  /** Max number of handler calls in flight at once. */
  maxConcurrentCalls = 0;
  private inFlight = 0;

  constructor(
    store: EventStore,
    options: Omit<SubscribeOptions, "onCaughtUp" | "onError"> = {},
  ) {
    this.subscription = store.subscribeToAll((events) => this.handle(events), {
      ...options,
      onCaughtUp: () => {
        this.caughtUpCalls += 1;
        this.eventsAtCaughtUp ??= this.events.length;
      },
      onError: (error) => this.errors.push(error),
    });
  }

  /** Delivered events of one stream, in delivery order. */
  eventsOf(streamId: string): RecordedEvent[] {
    return this.events.filter((event) => event.streamId === streamId);
  }

  stop(): Promise<void> {
    return this.subscription.stop();
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    this.inFlight += 1;
    this.maxConcurrentCalls = Math.max(this.maxConcurrentCalls, this.inFlight);
    // Yield so that an overlapping call, if the store made one, is counted.
    await nextLoopTurn();
    this.events.push(...events);
    this.inFlight -= 1;
  }
}
