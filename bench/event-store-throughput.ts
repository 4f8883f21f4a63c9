/**
 * Append and read throughput of the two event store adapters through the
 * port: SQLite on a temporary file, and KurrentDB on the in-memory test
 * server running as a separate process on 127.0.0.1. It prints one table
 * with operations (or events) per second and the ratio KurrentDB / SQLite.
 *
 * The KurrentDB figures measure the adapter, the client and the gRPC path
 * against a test server, not a real KurrentDB: the test server is not a
 * performance reference.
 *
 * Usage: npm run bench:event-store -- [--scale N]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EventStore,
  type EventToAppend,
  KurrentDbEventStore,
  SqliteEventStore,
} from "../libs/event-store/src/index.js";
import { TestServerProcess } from "../test/support/kurrentdb-test-server/test-server-process.js";
import { describeRun } from "./report.js";

/** Appends or reads in flight at once, as concurrent requests would make them. */
const CONCURRENCY = 16;
const STREAM_LENGTH = 20;
const READ_ALL_PAGE = 500;
const quiet = (): undefined => undefined;

interface Scenario {
  name: string;
  unit: "appends/s" | "reads/s" | "events/s";
  run: (store: EventStore, scale: number) => Promise<number>;
}

interface Measured {
  count: number;
  seconds: number;
}

function newEvent(index: number): EventToAppend {
  const id = randomUUID();
  return {
    id,
    type: "BenchmarkEventRecorded",
    data: { index, note: "a payload of a typical size for this product" },
    metadata: {
      actorId: "bench",
      requestId: id,
      commandId: id,
      causationId: id,
      correlationId: id,
      schemaVersion: 1,
    },
  };
}

/** Runs `count` operations with CONCURRENCY of them in flight and times them. */
async function timed(
  count: number,
  operation: (index: number) => Promise<unknown>,
): Promise<Measured> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) await operation(next++);
    }),
  );
  return { count, seconds: (performance.now() - started) / 1000 };
}

const rate = ({ count, seconds }: Measured): number => count / seconds;

/** Streams of STREAM_LENGTH events that the read scenarios read. */
async function seedStreams(
  store: EventStore,
  count: number,
): Promise<string[]> {
  const streams = Array.from({ length: count }, () => `bench-${randomUUID()}`);
  await timed(count, (index) =>
    store.append(
      streams[index]!,
      Array.from({ length: STREAM_LENGTH }, (_, event) => newEvent(event)),
      "no_stream",
    ),
  );
  return streams;
}

const SCENARIOS: Scenario[] = [
  {
    name: "append 1 event to a new stream (no_stream)",
    unit: "appends/s",
    run: async (store, scale) =>
      rate(
        await timed(1000 * scale, (index) =>
          store.append(`bench-${randomUUID()}`, [newEvent(index)], "no_stream"),
        ),
      ),
  },
  {
    name: "append 1 event at an exact revision",
    unit: "appends/s",
    run: async (store, scale) => {
      const streams = Array.from({ length: CONCURRENCY }, () => ({
        id: `bench-${randomUUID()}`,
        revision: -1,
      }));
      const perStream = 50 * scale;
      let total = 0;
      const started = performance.now();
      await Promise.all(
        streams.map(async (stream) => {
          for (let index = 0; index < perStream; index += 1) {
            const expected =
              stream.revision < 0 ? "no_stream" : stream.revision;
            const result = await store.append(
              stream.id,
              [newEvent(index)],
              expected,
            );
            stream.revision = result.nextExpectedRevision;
            total += 1;
          }
        }),
      );
      return total / ((performance.now() - started) / 1000);
    },
  },
  {
    name: `read a stream of ${STREAM_LENGTH} events`,
    unit: "reads/s",
    run: async (store, scale) => {
      const streams = await seedStreams(store, 100);
      return rate(
        await timed(500 * scale, (index) =>
          store.readStream(streams[index % streams.length]!),
        ),
      );
    },
  },
  {
    name: `readAll in pages of ${READ_ALL_PAGE}`,
    unit: "events/s",
    run: async (store) => {
      let after = 0;
      let events = 0;
      const started = performance.now();
      for (;;) {
        const page = await store.readAll({
          afterPosition: after,
          maxCount: READ_ALL_PAGE,
        });
        if (page.length === 0) break;
        events += page.length;
        after = page.at(-1)!.position;
      }
      return events / ((performance.now() - started) / 1000);
    },
  },
  {
    name: "subscribeToAll catch-up from the start",
    unit: "events/s",
    run: async (store) => {
      const head = await store.headPosition();
      let events = 0;
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const subscription = store.subscribeToAll(
          async (batch) => {
            events += batch.length;
            if (batch.at(-1)!.position >= head) {
              void subscription.stop();
              resolve();
            }
          },
          { onError: reject },
        );
      });
      return events / ((performance.now() - started) / 1000);
    },
  },
];

async function measure(store: EventStore, scale: number): Promise<number[]> {
  const results: number[] = [];
  for (const scenario of SCENARIOS)
    results.push(await scenario.run(store, scale));
  return results;
}

function readScale(argv: string[]): number {
  const index = argv.indexOf("--scale");
  if (index < 0) return 1;
  const scale = Number(argv[index + 1]);
  if (!Number.isInteger(scale) || scale < 1) {
    throw new Error("--scale must be a positive whole number.");
  }
  return scale;
}

async function main(): Promise<void> {
  const scale = readScale(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), "bench-event-store-"));
  const sqlite = new SqliteEventStore(join(dir, "events.sqlite"));
  const testServer = await TestServerProcess.start();
  const kurrentdb = new KurrentDbEventStore(testServer.connectionString, {
    streamPrefixes: ["bench-"],
    logger: { log: quiet, warn: quiet, error: quiet },
  });
  try {
    const sqliteRates = await measure(sqlite, scale);
    const kurrentRates = await measure(kurrentdb, scale);
    process.stdout.write(`${describeRun()}\n\n`);
    process.stdout.write(
      "| scenario | unit | SQLite | KurrentDB test server | KurrentDB / SQLite |\n| --- | --- | ---: | ---: | ---: |\n",
    );
    SCENARIOS.forEach((scenario, index) => {
      const left = sqliteRates[index]!;
      const right = kurrentRates[index]!;
      process.stdout.write(
        `| ${scenario.name} | ${scenario.unit} | ${left.toFixed(0)} | ${right.toFixed(0)} | ${(right / left).toFixed(2)} |\n`,
      );
    });
    process.stdout.write(
      "\nThe KurrentDB column runs against the in-memory test server, which is not a performance reference for a real KurrentDB.\n",
    );
  } finally {
    await Promise.all([sqlite.close(), kurrentdb.close()]);
    await testServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
