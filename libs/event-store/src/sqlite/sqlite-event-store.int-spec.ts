import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

import Database from "better-sqlite3";

import {
  newEvent,
  newEvents,
  SubscriptionRecorder,
  uniqueStreamId,
  waitFor,
} from "../contract/contract-helpers.js";
import { describeEventStoreContract } from "../contract/event-store.contract.js";
import {
  DuplicateEventIdError,
  EventStoreUnavailableError,
  WrongExpectedVersionError,
} from "../errors.js";
import type { GroupCommitInfo } from "./group-commit.js";
import { SqliteEventStore } from "./sqlite-event-store.js";
import type { SqliteEventStoreOptions } from "./sqlite-event-store-options.js";

function createTempDir(): string {
  return mkdtempSync(join(tmpdir(), "sqlite-event-store-"));
}

describeEventStoreContract("SqliteEventStore", async () => {
  const dir = createTempDir();
  const store = new SqliteEventStore(join(dir, "events.db"));
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("SqliteEventStore", () => {
  let dir: string;
  let path: string;
  let opened: SqliteEventStore[];

  function open(options: SqliteEventStoreOptions = {}): SqliteEventStore {
    const store = new SqliteEventStore(path, {
      pollIntervalMs: 20,
      ...options,
    });
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    dir = createTempDir();
    path = join(dir, "events.db");
    opened = [];
  });

  afterEach(async () => {
    await Promise.all(opened.map((store) => store.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  describe("group commit", () => {
    it("group commit batches concurrent appends", async () => {
      const commits: GroupCommitInfo[] = [];
      const store = open({ onGroupCommit: (info) => commits.push(info) });

      const results = await Promise.all(
        Array.from({ length: 100 }, () =>
          store.append(uniqueStreamId(), [newEvent()], "no_stream"),
        ),
      );

      expect(results).toHaveLength(100);
      expect(commits.length).toBeLessThan(100);
      const appends = commits.reduce((sum, info) => sum + info.appends, 0);
      const events = commits.reduce((sum, info) => sum + info.events, 0);
      expect(appends).toBe(100);
      expect(events).toBe(100);
      expect(await store.readAll()).toHaveLength(100);
    });

    it("conflict fails only its own append", async () => {
      const commits: GroupCommitInfo[] = [];
      const store = open({ onGroupCommit: (info) => commits.push(info) });
      const contested = uniqueStreamId();
      const other = uniqueStreamId();

      const [winner, loser, bystander] = await Promise.allSettled([
        store.append(contested, [newEvent()], "no_stream"),
        store.append(contested, [newEvent()], "no_stream"),
        store.append(other, newEvents(2), "no_stream"),
      ]);

      expect(winner!.status).toBe("fulfilled");
      expect(bystander!.status).toBe("fulfilled");
      expect(loser!.status).toBe("rejected");
      const reason = (loser as PromiseRejectedResult).reason as unknown;
      expect(reason).toBeInstanceOf(WrongExpectedVersionError);
      expect((reason as WrongExpectedVersionError).actual).toBe(0);
      expect(commits).toEqual([{ appends: 3, events: 3 }]);
      expect(await store.readStream(contested)).toHaveLength(1);
      expect(await store.readStream(other)).toHaveLength(2);
    });

    it("one stream applies in call order", async () => {
      const commits: GroupCommitInfo[] = [];
      const store = open({ onGroupCommit: (info) => commits.push(info) });
      const streamId = uniqueStreamId();

      const results = await Promise.all([
        store.append(streamId, [newEvent()], "no_stream"),
        store.append(streamId, [newEvent()], 0),
        store.append(streamId, newEvents(2), 1),
      ]);

      expect(results.map((r) => r.nextExpectedRevision)).toEqual([0, 1, 3]);
      expect(commits).toHaveLength(1);
    });

    it("retry in the same group is idempotent", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      const events = newEvents(2);

      const [original, retried] = await Promise.all([
        store.append(streamId, events, "no_stream"),
        store.append(streamId, events, "no_stream"),
      ]);

      expect(retried).toEqual(original);
      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it("failed insert rolls back its append", async () => {
      const store = open();
      const schemaEditor = new Database(path);
      schemaEditor.exec(`
        CREATE TRIGGER reject_poison BEFORE INSERT ON events
        WHEN NEW.type = 'Poison'
        BEGIN SELECT RAISE(ABORT, 'poison event rejected'); END
      `);
      schemaEditor.close();
      const failing = uniqueStreamId();
      const other = uniqueStreamId();

      const [failed, succeeded] = await Promise.allSettled([
        store.append(failing, [newEvent(), newEvent("Poison")], "no_stream"),
        store.append(other, [newEvent()], "no_stream"),
      ]);

      expect(failed!.status).toBe("rejected");
      expect(succeeded!.status).toBe("fulfilled");
      expect(await store.readStream(failing)).toEqual([]);
      expect(await store.readStream(other)).toHaveLength(1);
    });

    it("locked file rejects as unavailable", async () => {
      const store = open({ busyTimeoutMs: 50 });
      const otherProcess = new Database(path);
      const streamId = uniqueStreamId();

      try {
        otherProcess.exec("BEGIN IMMEDIATE");
        const locked = store.append(streamId, [newEvent()], "no_stream");
        await expect(locked).rejects.toBeInstanceOf(EventStoreUnavailableError);
        otherProcess.exec("ROLLBACK");
      } finally {
        otherProcess.close();
      }

      const retried = await store.append(streamId, [newEvent()], "no_stream");
      expect(retried.nextExpectedRevision).toBe(0);
    });
  });

  describe("storage", () => {
    it("headPosition is 0 when empty", async () => {
      const store = open();

      expect(await store.headPosition()).toBe(0);
      expect(await store.readAll()).toEqual([]);
    });

    it("in-memory store appends and reads", async () => {
      const store = new SqliteEventStore(":memory:");
      opened.push(store);
      const streamId = uniqueStreamId();

      await store.append(streamId, newEvents(2), "no_stream");

      expect(await store.readStream(streamId)).toHaveLength(2);
    });

    it("file uses WAL mode", () => {
      open();
      const inspector = new Database(path, { readonly: true });
      try {
        expect(inspector.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        inspector.close();
      }
    });

    it("events survive close and reopen", async () => {
      const first = open();
      const streamId = uniqueStreamId();
      const result = await first.append(streamId, newEvents(3), "no_stream");
      const before = await first.readStream(streamId);
      await first.close();

      const reopened = open();

      expect(await reopened.readStream(streamId)).toEqual(before);
      expect(await reopened.headPosition()).toBe(result.position);
      const next = await reopened.append(streamId, [newEvent()], 2);
      expect(next.position).toBeGreaterThan(result.position);
    });

    it("close commits queued appends", async () => {
      const store = open();
      const streamId = uniqueStreamId();

      const pending = store.append(streamId, [newEvent()], "no_stream");
      await store.close();

      expect((await pending).nextExpectedRevision).toBe(0);
      expect(await open().readStream(streamId)).toHaveLength(1);
    });

    it("closed store rejects calls", async () => {
      const store = open();
      await store.close();

      await expect(
        store.append(uniqueStreamId(), [newEvent()], "any"),
      ).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.headPosition()).rejects.toBeInstanceOf(
        EventStoreUnavailableError,
      );
    });

    it("clock sets createdAt", async () => {
      const now = new Date("2024-05-06T07:08:09.123Z");
      const store = open({ clock: () => now });
      const streamId = uniqueStreamId();

      await store.append(streamId, [newEvent()], "no_stream");

      const [stored] = await store.readStream(streamId);
      expect(stored!.createdAt).toEqual(now);
    });

    it("id in another stream rejects", async () => {
      const store = open();
      const event = newEvent();
      const owner = uniqueStreamId();
      const intruder = uniqueStreamId();
      await store.append(owner, [event], "no_stream");

      const error: unknown = await store
        .append(intruder, [newEvent(), event], "any")
        .catch((rejection: unknown) => rejection);

      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect((error as DuplicateEventIdError).eventId).toBe(event.id);
      expect((error as DuplicateEventIdError).existingStreamId).toBe(owner);
      expect(await store.readStream(intruder)).toEqual([]);
    });

    it("idempotent retry keeps the head", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      const events = newEvents(2);
      await store.append(streamId, events, "no_stream");
      const head = await store.headPosition();

      await store.append(streamId, events, "any");

      expect(await store.headPosition()).toBe(head);
    });

    it("invalid arguments reject", async () => {
      const store = open();
      const streamId = uniqueStreamId();
      const event = newEvent();

      await expect(
        store.append(streamId, [newEvent()], -1),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(
        store.append(streamId, [event, event], "any"),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(
        store.append("", [newEvent()], "any"),
      ).rejects.toBeInstanceOf(TypeError);
      await expect(
        store.readStream(streamId, { maxCount: -1 }),
      ).rejects.toBeInstanceOf(RangeError);
      await expect(
        store.readAll({ afterPosition: 1.5 }),
      ).rejects.toBeInstanceOf(RangeError);
      expect(await store.readStream(streamId)).toEqual([]);
    });
  });

  describe("subscription", () => {
    it("catch-up delivers in batches", async () => {
      const store = open({ subscriptionBatchSize: 3 });
      await store.append(uniqueStreamId(), newEvents(10), "no_stream");
      const batchSizes: number[] = [];
      let caughtUpAfter: number | undefined;

      const subscription = store.subscribeToAll(
        async (events) => {
          batchSizes.push(events.length);
        },
        { onCaughtUp: () => (caughtUpAfter = batchSizes.length) },
      );
      await waitFor(() => caughtUpAfter !== undefined, "onCaughtUp");
      await subscription.stop();

      expect(batchSizes).toEqual([3, 3, 3, 1]);
      expect(caughtUpAfter).toBe(4);
    });

    it("commit wakes a live subscription", async () => {
      // The poll interval exceeds the wait deadline, so only the wake-up
      // after an in-process commit can deliver the event in time.
      const store = open({ pollIntervalMs: 600_000 });
      const streamId = uniqueStreamId();
      const recorder = new SubscriptionRecorder(store);
      await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");

      await store.append(streamId, [newEvent()], "no_stream");

      await waitFor(
        () => recorder.eventsOf(streamId).length === 1,
        "the event",
        2_000,
      );
      await recorder.stop();
    });

    it("handler error without onError is logged", async () => {
      const logged: string[] = [];
      const store = open({
        logger: { error: (message) => logged.push(message) },
      });
      store.subscribeToAll(async () => {
        throw new Error("handler failed on purpose");
      });

      await store.append(uniqueStreamId(), [newEvent()], "no_stream");

      await waitFor(() => logged.length > 0, "a logged error");
      expect(logged[0]).toContain("handler failed on purpose");
    });

    it("second instance appends are seen", async () => {
      const server = open();
      const operator = open();
      const streamId = uniqueStreamId();
      const recorder = new SubscriptionRecorder(server);
      await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");

      const result = await operator.append(streamId, newEvents(2), "no_stream");

      expect(await server.headPosition()).toBe(result.position);
      await waitFor(
        () => recorder.eventsOf(streamId).length === 2,
        "the subscription to poll the other instance",
      );
      expect(recorder.errors).toEqual([]);
    });

    it("child process appends are seen", async () => {
      const server = open();
      const streamId = uniqueStreamId();
      const recorder = new SubscriptionRecorder(server);
      await waitFor(() => recorder.caughtUpCalls > 0, "onCaughtUp");
      const moduleUrl = new URL("./sqlite-event-store.js", import.meta.url);
      const script = `
        const { SqliteEventStore } = await import(process.argv[1]);
        const store = new SqliteEventStore(process.argv[2]);
        const event = JSON.parse(process.argv[4]);
        const result = await store.append(process.argv[3], [event], "no_stream");
        await store.close();
        console.log(JSON.stringify(result));
      `;

      const { stdout } = await promisify(execFile)(process.execPath, [
        "--input-type=module",
        "--eval",
        script,
        moduleUrl.href,
        path,
        streamId,
        JSON.stringify(newEvent()),
      ]);

      const result = JSON.parse(stdout) as { position: number };
      expect(await server.headPosition()).toBe(result.position);
      await waitFor(
        () => recorder.eventsOf(streamId).length === 1,
        "the subscription to poll the child process's append",
      );
      await recorder.stop();
    });

    it("second instance checks revisions", async () => {
      const server = open();
      const operator = open();
      const streamId = uniqueStreamId();
      await server.append(streamId, [newEvent()], "no_stream");

      await operator.append(streamId, [newEvent()], 0);
      const conflict = server.append(streamId, [newEvent()], 0);

      await expect(conflict).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await server.readStream(streamId)).toHaveLength(2);
    });
  });
});
