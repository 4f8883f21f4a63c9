import { randomUUID } from "node:crypto";

import {
  BACKWARDS,
  FORWARDS,
  jsonEvent,
  KurrentDBClient,
  NO_STREAM,
  START,
  streamNameFilter,
  type Position,
} from "@kurrent/kurrentdb-client";

import { waitFor } from "../wait-for.js";
import { KurrentDbTestServer } from "./kurrentdb-test-server.js";
import { TestServerProcess } from "./test-server-process.js";

/** The test server's own semantics, checked through the official client. */
describe("KurrentDbTestServer", () => {
  let server: KurrentDbTestServer;
  let client: KurrentDBClient;

  beforeEach(async () => {
    server = await KurrentDbTestServer.create();
    client = KurrentDBClient.connectionString(server.connectionString);
  });

  afterEach(async () => {
    await client.dispose();
    server.stop();
  });

  async function appendEvents(streamId: string, count: number): Promise<void> {
    const events = Array.from({ length: count }, (_, index) =>
      jsonEvent({ id: randomUUID(), type: "Tested", data: { index } }),
    );
    await client.appendToStream(streamId, events, { streamState: NO_STREAM });
  }

  it("checkpoints every 32 examined events and at catch-up", async () => {
    await appendEvents("other-1", 40);
    await appendEvents("ours-1", 30);
    const checkpoints: bigint[] = [];
    let delivered = 0;
    const subscription = client.subscribeToAll({
      fromPosition: START,
      filter: streamNameFilter({
        prefixes: ["ours-"],
        checkpointInterval: 1,
        checkpointReached: (_subscription, position: Position) => {
          checkpoints.push(position.commit);
        },
      }),
    });
    subscription.on("data", () => (delivered += 1));

    await waitFor(() => delivered === 30 && checkpoints.length === 3, {
      description: "30 events and 3 checkpoints",
    });
    await subscription.unsubscribe();

    // 71 records: the start event, 40 others, 30 ours.
    const positions = server.log.records.map((record) => record.position);
    expect(checkpoints).toEqual([positions[31], positions[63], positions[70]]);
  });

  it("forward reads include, backward reads exclude the start", async () => {
    await appendEvents("ours-2", 3);
    const [, second] = server.log.streamRecords("ours-2")!;
    const from = { commit: second!.position, prepare: second!.position };

    const forwards = [];
    for await (const resolved of client.readAll({
      fromPosition: from,
      direction: FORWARDS,
      maxCount: 10,
    })) {
      forwards.push(resolved.event!.revision);
    }
    const backwards = [];
    for await (const resolved of client.readAll({
      fromPosition: from,
      direction: BACKWARDS,
      maxCount: 10,
    })) {
      backwards.push(resolved.event!.streamId);
    }

    expect(forwards).toEqual([1n, 2n]);
    expect(backwards).toEqual(["ours-2", "$test-server-starts"]);
  });

  it("restart keeps the events on the same port", async () => {
    await appendEvents("ours-3", 2);
    const port = server.port;

    server.stop();
    await server.start();

    expect(server.port).toBe(port);
    const revisions = [];
    for await (const resolved of client.readStream("ours-3")) {
      revisions.push(resolved.event!.revision);
    }
    expect(revisions).toEqual([0n, 1n]);
  });
});

describe("KurrentDB test server process", () => {
  it("prints its URL and serves the client", async () => {
    const serverProcess = await TestServerProcess.start();
    const client = KurrentDBClient.connectionString(
      serverProcess.connectionString,
    );
    try {
      const result = await client.appendToStream(
        "ours-process",
        jsonEvent({ type: "Tested", data: {} }),
        { streamState: NO_STREAM },
      );
      expect(result.nextExpectedRevision).toBe(0n);
    } finally {
      await client.dispose();
      await serverProcess.stop();
    }
  });
});
