import { WrongExpectedVersionError } from "../errors.js";
import type {
  EventBatchHandler,
  EventStore,
  EventToAppend,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from "../event-store.port.js";
import {
  deferred,
  expectWrongExpectedVersion,
  newEvent,
  newEvents,
  nextLoopTurn,
  SubscriptionRecorder,
  uniqueStreamId,
  waitFor,
} from "./contract-helpers.js";

/** A store under test and the function that releases it after each test. */
export interface ContractStoreFixture {
  store: EventStore;
  cleanup: () => Promise<void>;
}

/**
 * Declares the jest suite that every `EventStore` adapter must pass.
 *
 * It uses only the port, a fresh stream id per test, and positions relative
 * to `headPosition()` taken at the start of a test, so it also runs against
 * a shared server whose log already contains events from other tests.
 */
export function describeEventStoreContract(
  name: string,
  createStore: () => Promise<ContractStoreFixture>,
): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;
    let subscriptions: Subscription[] = [];

    beforeEach(async () => {
      ({ store, cleanup } = await createStore());
    });

    afterEach(async () => {
      await Promise.all(
        subscriptions.map((subscription) => subscription.stop()),
      );
      subscriptions = [];
      // Cleared first, so a failed createStore in the next test cannot
      // release this store twice.
      const release = cleanup;
      cleanup = undefined;
      await release?.();
    });

    function record(
      options: Omit<SubscribeOptions, "onCaughtUp" | "onError">,
    ): SubscriptionRecorder {
      const recorder = new SubscriptionRecorder(store, options);
      subscriptions.push(recorder.subscription);
      return recorder;
    }

    function subscribe(
      handler: EventBatchHandler,
      options: SubscribeOptions,
    ): Subscription {
      const subscription = store.subscribeToAll(handler, options);
      subscriptions.push(subscription);
      return subscription;
    }

    /** Creates a stream with `count` events and returns them as appended. */
    async function seedStream(
      streamId: string,
      count: number,
    ): Promise<EventToAppend[]> {
      const events = newEvents(count);
      await store.append(streamId, events, "no_stream");
      return events;
    }

    function revisionsOf(events: RecordedEvent[]): number[] {
      return events.map((event) => event.revision);
    }

    function expectAscendingPositions(events: RecordedEvent[]): void {
      for (let index = 1; index < events.length; index += 1) {
        expect(events[index]!.position).toBeGreaterThan(
          events[index - 1]!.position,
        );
      }
    }

    describe("append", () => {
      it("no_stream creates a stream", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const events = newEvents(2);

        const result = await store.append(streamId, events, "no_stream");

        expect(result.nextExpectedRevision).toBe(1);
        expect(result.position).toBeGreaterThan(headBefore);
        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.id)).toEqual(
          events.map((event) => event.id),
        );
        expect(revisionsOf(stored)).toEqual([0, 1]);
        expect(stored[1]!.position).toBe(result.position);
      });

      it("no_stream rejects an existing stream", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 1);

        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent()], "no_stream"),
          { streamId, expected: "no_stream", actual: 0 },
        );
      });

      it("stream_exists accepts an existing stream", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 1);

        const result = await store.append(
          streamId,
          [newEvent()],
          "stream_exists",
        );

        expect(result.nextExpectedRevision).toBe(1);
      });

      it("stream_exists rejects a missing stream", async () => {
        const streamId = uniqueStreamId();

        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent()], "stream_exists"),
          { streamId, expected: "stream_exists", actual: "no_stream" },
        );
      });

      it("exact revision accepts the last revision", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);

        const result = await store.append(streamId, newEvents(2), 2);

        expect(result.nextExpectedRevision).toBe(4);
        expect(revisionsOf(await store.readStream(streamId))).toEqual([
          0, 1, 2, 3, 4,
        ]);
      });

      it("exact revision rejects a stale revision", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);

        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent()], 1),
          { streamId, expected: 1, actual: 2 },
        );
      });

      it("exact revision rejects a future revision", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);

        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent()], 5),
          { streamId, expected: 5, actual: 2 },
        );
      });

      it("exact revision rejects a missing stream", async () => {
        const streamId = uniqueStreamId();

        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent()], 0),
          { streamId, expected: 0, actual: "no_stream" },
        );
      });

      it("any accepts missing and existing streams", async () => {
        const streamId = uniqueStreamId();

        const first = await store.append(streamId, [newEvent()], "any");
        const second = await store.append(streamId, [newEvent()], "any");

        expect(first.nextExpectedRevision).toBe(0);
        expect(second.nextExpectedRevision).toBe(1);
      });

      it("rejected append stores nothing", async () => {
        const streamId = uniqueStreamId();
        const seeded = await seedStream(streamId, 2);

        await expect(
          store.append(streamId, newEvents(2), 0),
        ).rejects.toBeInstanceOf(WrongExpectedVersionError);

        const stored = await store.readStream(streamId);
        expect(stored.map((event) => event.id)).toEqual(
          seeded.map((event) => event.id),
        );
      });

      it("positions grow across appends", async () => {
        const streamId = uniqueStreamId();

        const first = await store.append(streamId, newEvents(2), "no_stream");
        const second = await store.append(streamId, newEvents(2), 1);

        expect(second.position).toBeGreaterThan(first.position);
        const stored = await store.readStream(streamId);
        expectAscendingPositions(stored);
        expect(stored[3]!.position).toBe(second.position);
      });

      it("recorded event keeps every field", async () => {
        const streamId = uniqueStreamId();
        const event = newEvent("WidgetRenamed", {
          name: "gadget",
          tags: ["a", "b"],
          nested: { count: 3, enabled: true, missing: null },
        });

        const result = await store.append(streamId, [event], "no_stream");

        const [stored] = await store.readStream(streamId);
        expect(stored).toBeDefined();
        expect(stored!.id).toBe(event.id);
        expect(stored!.streamId).toBe(streamId);
        expect(stored!.type).toBe("WidgetRenamed");
        expect(stored!.revision).toBe(0);
        expect(stored!.position).toBe(result.position);
        expect(stored!.data).toEqual(event.data);
        expect(stored!.metadata).toEqual(event.metadata);
        expect(stored!.createdAt).toBeInstanceOf(Date);
        expect(Number.isNaN(stored!.createdAt.getTime())).toBe(false);
      });
    });

    describe("empty append", () => {
      it("empty append checks a missing stream", async () => {
        const streamId = uniqueStreamId();

        const result = await store.append(streamId, [], "no_stream");

        expect(result.nextExpectedRevision).toBe(-1);
        await expectWrongExpectedVersion(
          store.append(streamId, [], "stream_exists"),
          { streamId, expected: "stream_exists", actual: "no_stream" },
        );
        await expectWrongExpectedVersion(store.append(streamId, [], 0), {
          streamId,
          expected: 0,
          actual: "no_stream",
        });
        expect(await store.readStream(streamId)).toEqual([]);
      });

      it("empty append checks an existing stream", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 2);
        const [last] = await store.readStream(streamId, {
          direction: "backwards",
          maxCount: 1,
        });

        const result = await store.append(streamId, [], 1);

        expect(result).toEqual({
          nextExpectedRevision: 1,
          position: last!.position,
        });
        await expectWrongExpectedVersion(store.append(streamId, [], 0), {
          streamId,
          expected: 0,
          actual: 1,
        });
        await expectWrongExpectedVersion(
          store.append(streamId, [], "no_stream"),
          { streamId, expected: "no_stream", actual: 1 },
        );
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe("idempotent append", () => {
      it("retry returns the original result", async () => {
        const streamId = uniqueStreamId();
        const events = newEvents(2);

        const original = await store.append(streamId, events, "no_stream");
        const retried = await store.append(streamId, events, "no_stream");

        expect(retried).toEqual(original);
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("retry ignores the expected revision", async () => {
        const streamId = uniqueStreamId();
        const events = newEvents(2);
        const original = await store.append(streamId, events, "no_stream");
        await store.append(streamId, [newEvent()], 1);

        for (const expected of ["any", "stream_exists", 0, 1, 2, 7] as const) {
          expect(await store.append(streamId, events, expected)).toEqual(
            original,
          );
        }
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it("retry of a later run", async () => {
        const streamId = uniqueStreamId();
        const [first, second] = newEvents(2);
        const third = newEvent();
        await store.append(streamId, [first!, second!], "no_stream");
        const original = await store.append(streamId, [third], 1);

        const retried = await store.append(streamId, [second!, third], 2);

        expect(retried).toEqual(original);
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it("partial overlap rejects", async () => {
        const streamId = uniqueStreamId();
        const [first, second] = await seedStream(streamId, 2);

        await expectWrongExpectedVersion(
          store.append(streamId, [second!, newEvent()], "any"),
          { streamId, expected: "any", actual: 1 },
        );
        await expectWrongExpectedVersion(
          store.append(streamId, [newEvent(), first!], 1),
          { streamId, expected: 1, actual: 1 },
        );
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("reordered retry rejects", async () => {
        const streamId = uniqueStreamId();
        const [first, second] = await seedStream(streamId, 2);

        await expectWrongExpectedVersion(
          store.append(streamId, [second!, first!], "any"),
          { streamId, expected: "any", actual: 1 },
        );
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });

    describe("readStream", () => {
      it("missing stream reads empty", async () => {
        const streamId = uniqueStreamId();

        expect(await store.readStream(streamId)).toEqual([]);
        expect(
          await store.readStream(streamId, { direction: "backwards" }),
        ).toEqual([]);
      });

      it("forwards reads in revision order", async () => {
        const streamId = uniqueStreamId();
        const seeded = await seedStream(streamId, 5);

        const stored = await store.readStream(streamId, {
          direction: "forwards",
        });

        expect(revisionsOf(stored)).toEqual([0, 1, 2, 3, 4]);
        expect(stored.map((event) => event.id)).toEqual(
          seeded.map((event) => event.id),
        );
      });

      it("backwards reads in reverse order", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 5);

        const stored = await store.readStream(streamId, {
          direction: "backwards",
        });

        expect(revisionsOf(stored)).toEqual([4, 3, 2, 1, 0]);
      });

      it("fromRevision is inclusive forwards", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 5);

        const stored = await store.readStream(streamId, { fromRevision: 2 });

        expect(revisionsOf(stored)).toEqual([2, 3, 4]);
      });

      it("fromRevision is inclusive backwards", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 5);

        const stored = await store.readStream(streamId, {
          direction: "backwards",
          fromRevision: 2,
        });

        expect(revisionsOf(stored)).toEqual([2, 1, 0]);
      });

      it("fromRevision past the end", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);

        const forwards = await store.readStream(streamId, { fromRevision: 9 });
        const backwards = await store.readStream(streamId, {
          direction: "backwards",
          fromRevision: 9,
        });

        expect(forwards).toEqual([]);
        expect(revisionsOf(backwards)).toEqual([2, 1, 0]);
      });

      it("maxCount limits forwards", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 5);

        const fromStart = await store.readStream(streamId, { maxCount: 2 });
        const fromMiddle = await store.readStream(streamId, {
          fromRevision: 1,
          maxCount: 2,
        });

        expect(revisionsOf(fromStart)).toEqual([0, 1]);
        expect(revisionsOf(fromMiddle)).toEqual([1, 2]);
      });

      it("maxCount limits backwards", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 5);

        const fromEnd = await store.readStream(streamId, {
          direction: "backwards",
          maxCount: 2,
        });
        const fromMiddle = await store.readStream(streamId, {
          direction: "backwards",
          fromRevision: 3,
          maxCount: 2,
        });

        expect(revisionsOf(fromEnd)).toEqual([4, 3]);
        expect(revisionsOf(fromMiddle)).toEqual([3, 2]);
      });
    });

    describe("readAll", () => {
      it("readAll returns new events in order", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const seeded = await seedStream(streamId, 3);

        const all = await store.readAll({ afterPosition: headBefore });

        expectAscendingPositions(all);
        for (const event of all) {
          expect(event.position).toBeGreaterThan(headBefore);
        }
        const ours = all.filter((event) => event.streamId === streamId);
        expect(ours.map((event) => event.id)).toEqual(
          seeded.map((event) => event.id),
        );
      });

      it("afterPosition is exclusive", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);
        const [first] = await store.readStream(streamId);

        const after = await store.readAll({ afterPosition: first!.position });

        expect(after[0]!.position).toBeGreaterThan(first!.position);
        const ours = after.filter((event) => event.streamId === streamId);
        expect(revisionsOf(ours)).toEqual([1, 2]);
      });

      it("maxCount limits readAll", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        await seedStream(streamId, 4);

        const page = await store.readAll({
          afterPosition: headBefore,
          maxCount: 2,
        });
        const unlimited = await store.readAll({ afterPosition: headBefore });

        expect(page).toHaveLength(2);
        expect(page).toEqual(unlimited.slice(0, 2));
      });
    });

    describe("headPosition", () => {
      it("headPosition reaches the last append", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();

        const result = await store.append(streamId, newEvents(2), "no_stream");
        const headAfter = await store.headPosition();

        expect(headBefore).toBeGreaterThanOrEqual(0);
        expect(result.position).toBeGreaterThan(headBefore);
        expect(headAfter).toBeGreaterThanOrEqual(result.position);
      });
    });

    describe("subscribeToAll", () => {
      it("subscription catches up then goes live", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const seeded = await seedStream(streamId, 3);

        const recorder = record({ afterPosition: headBefore });
        await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");
        const live = newEvents(2);
        await store.append(streamId, live, 2);
        await waitFor(
          () => recorder.eventsOf(streamId).length === 5,
          "five events of the stream",
        );

        const delivered = recorder.eventsOf(streamId);
        expect(delivered.map((event) => event.id)).toEqual(
          [...seeded, ...live].map((event) => event.id),
        );
        expect(revisionsOf(delivered)).toEqual([0, 1, 2, 3, 4]);
        expect(recorder.errors).toEqual([]);
      });

      it("subscription afterPosition is exclusive", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 3);
        const [first] = await store.readStream(streamId);

        const recorder = record({ afterPosition: first!.position });
        await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");

        expect(revisionsOf(recorder.eventsOf(streamId))).toEqual([1, 2]);
        for (const event of recorder.events) {
          expect(event.position).toBeGreaterThan(first!.position);
        }
      });

      it("onCaughtUp runs once after catch-up", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        await seedStream(streamId, 3);

        const recorder = record({ afterPosition: headBefore });
        await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");
        const caughtUpEvents = recorder.events
          .slice(0, recorder.eventsAtCaughtUp)
          .filter((event) => event.streamId === streamId);
        expect(caughtUpEvents).toHaveLength(3);

        await store.append(streamId, [newEvent()], 2);
        await store.append(streamId, [newEvent()], 3);
        await waitFor(
          () => recorder.eventsOf(streamId).length === 5,
          "five events of the stream",
        );
        expect(recorder.caughtUpCalls).toBe(1);
      });

      it("onCaughtUp runs at the head", async () => {
        const head = await store.headPosition();

        const recorder = record({ afterPosition: head });

        await waitFor(() => recorder.caughtUpCalls === 1, "onCaughtUp");
      });

      it("concurrent appends arrive without duplicates or gaps", async () => {
        const streamCount = 20;
        const appendsPerStream = 5;
        const eventsPerAppend = 2;
        const headBefore = await store.headPosition();
        const recorder = record({ afterPosition: headBefore });
        const streamIds = Array.from({ length: streamCount }, () =>
          uniqueStreamId(),
        );
        const appendedIds: string[] = [];

        await Promise.all(
          streamIds.map(async (streamId) => {
            for (let call = 0; call < appendsPerStream; call += 1) {
              const events = newEvents(eventsPerAppend);
              appendedIds.push(...events.map((event) => event.id));
              const expected =
                call === 0 ? "no_stream" : call * eventsPerAppend - 1;
              await store.append(streamId, events, expected);
            }
          }),
        );
        const perStream = appendsPerStream * eventsPerAppend;
        await waitFor(
          () =>
            streamIds.every(
              (streamId) => recorder.eventsOf(streamId).length >= perStream,
            ),
          "every appended event",
        );

        const deliveredIds = recorder.events.map((event) => event.id);
        expect(new Set(deliveredIds).size).toBe(deliveredIds.length);
        const delivered = new Set(deliveredIds);
        expect(appendedIds.filter((id) => !delivered.has(id))).toEqual([]);
        expectAscendingPositions(recorder.events);
        const lastDelivered = recorder.events.at(-1)!.position;
        const stored = await store.readAll({ afterPosition: headBefore });
        const storedUpToLast = stored.filter(
          (event) => event.position <= lastDelivered,
        );
        expect(recorder.events.map((event) => event.position)).toEqual(
          storedUpToLast.map((event) => event.position),
        );
        for (const streamId of streamIds) {
          expect(revisionsOf(recorder.eventsOf(streamId))).toEqual(
            Array.from({ length: perStream }, (_, revision) => revision),
          );
        }
        expect(recorder.maxConcurrentCalls).toBe(1);
        expect(recorder.errors).toEqual([]);
      });

      it("handler error stops the subscription", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const failure = new Error("handler failed on purpose");
        const errors: Error[] = [];
        let handlerCalls = 0;
        subscribe(
          async () => {
            handlerCalls += 1;
            throw failure;
          },
          { afterPosition: headBefore, onError: (error) => errors.push(error) },
        );

        await store.append(streamId, [newEvent()], "no_stream");
        await waitFor(() => errors.length > 0, "onError");
        const control = record({ afterPosition: headBefore });
        await store.append(streamId, [newEvent()], 0);
        await waitFor(
          () => control.eventsOf(streamId).length === 2,
          "control subscription to see both events",
        );

        expect(errors).toEqual([failure]);
        expect(handlerCalls).toBe(1);
      });

      it("stop ends delivery", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const stopped = record({ afterPosition: headBefore });
        await waitFor(() => stopped.caughtUpCalls > 0, "onCaughtUp");

        await stopped.stop();
        await store.append(streamId, [newEvent()], "no_stream");
        const control = record({ afterPosition: headBefore });
        await waitFor(
          () => control.eventsOf(streamId).length === 1,
          "control subscription to see the event",
        );

        expect(stopped.eventsOf(streamId)).toEqual([]);
        expect(stopped.errors).toEqual([]);
      });

      it("stop waits for the handler in flight", async () => {
        const streamId = uniqueStreamId();
        const headBefore = await store.headPosition();
        const release = deferred();
        let handlerCalls = 0;
        let handlerFinished = false;
        const subscription = subscribe(
          async () => {
            handlerCalls += 1;
            await release.promise;
            handlerFinished = true;
          },
          { afterPosition: headBefore },
        );
        await store.append(streamId, [newEvent()], "no_stream");
        await waitFor(() => handlerCalls === 1, "the handler call");

        let stopResolved = false;
        const stopping = subscription.stop().then(() => {
          stopResolved = true;
        });
        await store.append(streamId, [newEvent()], 0);
        await nextLoopTurn();
        await nextLoopTurn();
        expect(stopResolved).toBe(false);

        release.resolve();
        await stopping;
        expect(handlerFinished).toBe(true);
        expect(handlerCalls).toBe(1);
      });
    });

    describe("concurrent appends to one stream", () => {
      it("same exact revision: one wins", async () => {
        const streamId = uniqueStreamId();
        await seedStream(streamId, 1);

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.append(streamId, [newEvent()], 0),
          ),
        );

        const winners = outcomes.filter(
          (outcome) => outcome.status === "fulfilled",
        );
        const losers = outcomes.filter(
          (outcome) => outcome.status === "rejected",
        );
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(9);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((loser.reason as WrongExpectedVersionError).actual).toBe(1);
        }
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it("no_stream race: one wins", async () => {
        const streamId = uniqueStreamId();

        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.append(streamId, newEvents(2), "no_stream"),
          ),
        );

        const winners = outcomes.filter(
          (outcome) => outcome.status === "fulfilled",
        );
        const losers = outcomes.filter(
          (outcome) => outcome.status === "rejected",
        );
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(9);
        for (const loser of losers) {
          expect(loser.reason).toBeInstanceOf(WrongExpectedVersionError);
          expect((loser.reason as WrongExpectedVersionError).actual).toBe(1);
        }
        expect(await store.readStream(streamId)).toHaveLength(2);
      });
    });
  });
}
