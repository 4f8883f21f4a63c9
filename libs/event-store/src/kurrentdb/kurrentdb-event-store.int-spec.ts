import { KurrentDbTestServer } from "../../../../test/support/kurrentdb-test-server/kurrentdb-test-server.js";
import {
  newEvent,
  newEvents,
  SubscriptionRecorder,
  uniqueStreamId,
  waitFor,
} from "../contract/contract-helpers.js";
import { describeEventStoreContract } from "../contract/event-store.contract.js";
import { EventStoreUnavailableError } from "../errors.js";
import type { KurrentDbLogger } from "./kurrentdb-event-store-options.js";
import {
  KurrentDbEventStore,
  redactConnectionString,
} from "./kurrentdb-event-store.js";

/** Collects the adapter's logs; the tests read them and keep the output quiet. */
class MemoryLogger implements KurrentDbLogger {
  readonly lines: string[] = [];
  log(message: string): void {
    this.lines.push(message);
  }
  warn(message: string): void {
    this.lines.push(message);
  }
  error(message: string): void {
    this.lines.push(message);
  }
}

const CONTRACT_PREFIXES = ["contract-"];

function contractOn(
  name: string,
  serverOptions: { batchAppend: boolean },
): void {
  let server: KurrentDbTestServer;

  beforeAll(async () => {
    server = await KurrentDbTestServer.create(serverOptions);
  });

  afterAll(() => server.stop());

  describeEventStoreContract(name, async () => {
    const store = new KurrentDbEventStore(server.connectionString, {
      streamPrefixes: CONTRACT_PREFIXES,
      logger: new MemoryLogger(),
    });
    return { store, cleanup: () => store.close() };
  });
}

describe("KurrentDbEventStore with batch appends", () => {
  contractOn("KurrentDbEventStore on the test server", { batchAppend: true });
});

describe("KurrentDbEventStore with single appends", () => {
  contractOn("KurrentDbEventStore on Streams/Append", { batchAppend: false });
});

describe("KurrentDbEventStore", () => {
  let server: KurrentDbTestServer;
  let stores: KurrentDbEventStore[];

  function open(
    options: { streamPrefixes?: string[]; logger?: MemoryLogger } = {},
  ): KurrentDbEventStore {
    const store = new KurrentDbEventStore(server.connectionString, {
      streamPrefixes: CONTRACT_PREFIXES,
      logger: new MemoryLogger(),
      reconnectDelayMs: 20,
      maxReconnectDelayMs: 200,
      ...options,
    });
    stores.push(store);
    return store;
  }

  beforeEach(async () => {
    server = await KurrentDbTestServer.create();
    stores = [];
  });

  afterEach(async () => {
    await server.start();
    await Promise.all(stores.map((store) => store.close()));
    server.stop();
  });

  describe("stream prefix filter", () => {
    it("readAll skips other streams", async () => {
      const store = open();
      const ours = uniqueStreamId();
      await store.append(uniqueStreamId("other"), [newEvent()], "no_stream");
      await store.append(ours, [newEvent()], "no_stream");

      const all = await store.readAll();

      expect(all.map((event) => event.streamId)).toEqual([ours]);
    });

    it("headPosition ignores other streams", async () => {
      const store = open();
      const ours = await store.append(uniqueStreamId(), [newEvent()], "any");
      await store.append(uniqueStreamId("other"), newEvents(3), "any");

      expect(await store.headPosition()).toBe(ours.position);
    });

    it("subscription skips other streams", async () => {
      const store = open();
      const recorder = new SubscriptionRecorder(store);
      await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");
      const ours = uniqueStreamId();
      await store.append(uniqueStreamId("other"), [newEvent()], "no_stream");
      await store.append(ours, [newEvent()], "no_stream");

      await waitFor(() => recorder.eventsOf(ours).length === 1, "our event");
      await recorder.stop();

      expect(recorder.events.map((event) => event.streamId)).toEqual([ours]);
    });

    it("system events are excluded without prefixes", async () => {
      const store = open({ streamPrefixes: [] });
      const streamId = uniqueStreamId();
      await store.append(streamId, [newEvent()], "no_stream");

      const all = await store.readAll();

      // The test server writes a `$TestServerStarted` event at each start.
      expect(server.log.records.some((r) => r.type.startsWith("$"))).toBe(true);
      expect(all.map((event) => event.streamId)).toEqual([streamId]);
    });
  });

  describe("event mapping", () => {
    it("createdAt matches on both paths", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      await store.append(streamId, [newEvent()], "no_stream");
      const recorder = new SubscriptionRecorder(store);
      await waitFor(() => recorder.eventsOf(streamId).length === 1, "event");
      await recorder.stop();

      const [read] = await store.readStream(streamId);

      expect(read!.createdAt.getMilliseconds()).toBe(0);
      expect(recorder.eventsOf(streamId)[0]!.createdAt).toEqual(
        read!.createdAt,
      );
    });

    it("positions are log offsets", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(3), "no_stream");

      const stored = await store.readStream(streamId);
      const records = server.log.streamRecords(streamId)!;

      expect(stored.map((event) => event.position)).toEqual(
        records.map((record) => Number(record.position)),
      );
      expect(stored[1]!.position - stored[0]!.position).toBeGreaterThan(1);
    });

    it("redactConnectionString hides credentials", () => {
      expect(
        redactConnectionString(
          "kurrentdb://admin:changeit@db.internal:2113?tls=true",
        ),
      ).toBe("kurrentdb://db.internal:2113?tls=true");
      expect(redactConnectionString("esdb://127.0.0.1:2113")).toBe(
        "esdb://127.0.0.1:2113",
      );
    });
  });

  describe("server outage", () => {
    it("append while down rejects as unavailable", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      await store.append(streamId, [newEvent()], "no_stream");
      const recordsBefore = server.log.records.length;
      server.stop();

      const outcome = store.append(streamId, [newEvent()], 0);

      await expect(outcome).rejects.toBeInstanceOf(EventStoreUnavailableError);
      expect(server.log.records).toHaveLength(recordsBefore);
    });

    it("reads while down reject as unavailable", async () => {
      const store = open();
      await store.append(uniqueStreamId(), [newEvent()], "no_stream");
      server.stop();

      await expect(store.readStream(uniqueStreamId())).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
      await expect(store.headPosition()).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    });

    it("store works again after a restart", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      await store.append(streamId, [newEvent()], "no_stream");
      server.stop();
      await expect(
        store.append(streamId, [newEvent()], 0),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);

      await server.start();

      const result = await store.append(streamId, [newEvent()], 0);
      expect(result.nextExpectedRevision).toBe(1);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it("store opened while down connects later", async () => {
      server.stop();
      const store = open();
      const streamId = uniqueStreamId();
      await expect(store.readStream(streamId)).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );

      await server.start();

      await store.append(streamId, [newEvent()], "no_stream");
      expect(await store.readStream(streamId)).toHaveLength(1);
    });

    it("subscription resumes without gaps or repeats", async () => {
      const logger = new MemoryLogger();
      const store = open({ logger });
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(3), "no_stream");
      const recorder = new SubscriptionRecorder(store);
      await waitFor(() => recorder.eventsOf(streamId).length === 3, "3 events");

      server.stop();
      await waitFor(
        () => logger.lines.some((line) => line.includes("resubscribing")),
        "a reconnect attempt",
      );
      await server.start();
      const writer = open();
      await writer.append(streamId, newEvents(2), 2);
      await waitFor(() => recorder.eventsOf(streamId).length === 5, "5 events");
      await recorder.stop();

      expect(
        recorder.eventsOf(streamId).map((event) => event.revision),
      ).toEqual([0, 1, 2, 3, 4]);
      expect(recorder.errors).toEqual([]);
      expect(recorder.caughtUpCalls).toBe(1);
    });

    it("subscription started while down catches up", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      await store.append(streamId, newEvents(2), "no_stream");
      server.stop();

      const recorder = new SubscriptionRecorder(store);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await server.start();

      await waitFor(() => recorder.caughtUpCalls === 1, "onCaughtUp");
      expect(recorder.eventsOf(streamId)).toHaveLength(2);
      await recorder.stop();
    });
  });
});
