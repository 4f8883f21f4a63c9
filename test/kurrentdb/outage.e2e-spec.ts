import { createHash, randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import { STREAM_PREFIXES } from "../../libs/domain/src/index.js";
import {
  type EventToAppend,
  KurrentDbEventStore,
} from "../../libs/event-store/src/index.js";
import { expectPlatformError, readJson } from "../api/api-helpers.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { KurrentDbTestServer } from "../support/kurrentdb-test-server/kurrentdb-test-server.js";
import { waitFor } from "../support/wait-for.js";
import { dumpReadModels, readModelCheckpoint } from "./read-model-dump.js";

/**
 * Fault tests of the KurrentDB adapter inside the running server: the store
 * goes away and comes back while the server runs.
 */

const ADMIN = "outage-admin@example.com";
const UNAVAILABLE_MESSAGE =
  "The event store is unavailable; nothing was changed. Retry in a moment.";
/** Accounts of the burst; each gets TOKENS_PER_ACCOUNT tokens. */
const BURST_ACCOUNTS = 10;
const TOKENS_PER_ACCOUNT = 400;
const quiet = (): undefined => undefined;

/** Returns the product's events in the test server's log, without its system events. */
function productEvents(store: KurrentDbTestServer): string[] {
  return store.log.records
    .filter((record) => !record.type.startsWith("$"))
    .map((record) => `${record.streamId}#${record.revision} ${record.type}`);
}

function metadata(commandId: string): EventToAppend["metadata"] {
  return {
    actorId: "operator",
    requestId: commandId,
    commandId,
    causationId: commandId,
    correlationId: commandId,
    schemaVersion: 1,
  };
}

/** Builds one account stream: the account and its tokens, as the operator CLI writes them. */
function accountEvents(index: number, tokens: number): EventToAppend[] {
  const accountId = randomUUID();
  const at = new Date().toISOString();
  const created: EventToAppend = {
    id: randomUUID(),
    type: "AccountCreated",
    data: { accountId, email: `burst-${index}@example.com`, at },
    metadata: metadata(randomUUID()),
  };
  const issued = Array.from({ length: tokens }, (_, token) => ({
    id: randomUUID(),
    type: "ApiTokenIssued",
    data: {
      accountId,
      tokenId: randomUUID(),
      tokenHash: createHash("sha256").update(randomUUID()).digest("hex"),
      description: `burst token ${token}`,
      at,
    },
    metadata: metadata(randomUUID()),
  }));
  return [created, ...issued];
}

/** Positions after which the server's subscriptions lost their connection, from its logs. */
function lostConnectionPositions(logs: string): number[] {
  const pattern = /lost its connection after position (\d+)/g;
  return [...logs.matchAll(pattern)].map((match) => Number(match[1]));
}

describe("KurrentDB outage", () => {
  let store: KurrentDbTestServer;
  let server: ControlPlaneServer;
  let writer: KurrentDbEventStore;
  let token: string;

  beforeAll(async () => {
    store = await KurrentDbTestServer.create();
    server = await ControlPlaneServer.start({
      env: { EVENT_STORE_URL: store.connectionString },
    });
    token = await server.createAccount(ADMIN);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    writer = new KurrentDbEventStore(store.connectionString, {
      streamPrefixes: STREAM_PREFIXES,
      logger: { log: quiet, warn: quiet, error: quiet },
    });
  }, 60_000);

  afterEach(async () => {
    store.rejectAppends = false;
    await store.start();
  });

  afterAll(async () => {
    await writer?.close();
    await server?.dispose();
    store?.stop();
  });

  it("store down: write gets 503, nothing written", async () => {
    const before = productEvents(store);
    store.stop();

    const response = await server.request("POST", "/teams/apps", token, {
      name: "app-during-outage",
      team: "acme",
    });

    await expectPlatformError(
      response,
      503,
      "unavailable",
      UNAVAILABLE_MESSAGE,
    );
    expect(response.headers.get("retry-after")).toBe("1");
    await store.start();
    expect(productEvents(store)).toEqual(before);
  });

  it("appends failing: 503, nothing written, retry succeeds once", async () => {
    const requestId = randomUUID();
    const body = { name: "app-append-fails", team: "acme" };
    const headers = { "request-id": requestId };
    const before = productEvents(store);
    store.rejectAppends = true;

    const rejected = await server.request(
      "POST",
      "/teams/apps",
      token,
      body,
      headers,
    );

    await expectPlatformError(
      rejected,
      503,
      "unavailable",
      UNAVAILABLE_MESSAGE,
    );
    expect(rejected.headers.get("retry-after")).toBe("1");
    expect(productEvents(store)).toEqual(before);

    store.rejectAppends = false;
    const retried = await server.request(
      "POST",
      "/teams/apps",
      token,
      body,
      headers,
    );
    expect(retried.status).toBe(201);
    const again = await server.request(
      "POST",
      "/teams/apps",
      token,
      body,
      headers,
    );
    expect(again.status).toBe(201);
    expect((await readJson(again)).name).toBe("app-append-fails");
    const created = store.log.records.filter(
      (record) =>
        record.type === "AppCreated" &&
        JSON.parse(Buffer.from(record.data).toString()).name ===
          "app-append-fails",
    );
    expect(created).toHaveLength(1);
  });

  it("stop mid-subscription: projection resumes, equals a rebuild", async () => {
    const logsBefore = server.logs.length;
    for (let index = 0; index < BURST_ACCOUNTS; index += 1) {
      const events = accountEvents(index, TOKENS_PER_ACCOUNT);
      await writer.append(`account-${randomUUID()}`, events, "no_stream");
    }
    const burstHead = await writer.headPosition();
    store.stop();

    await waitFor(
      () => lostConnectionPositions(server.logs.slice(logsBefore)).length > 0,
      { description: "the server's subscriptions to notice the outage" },
    );
    await delay(300);
    await store.start();
    await writer.append(
      `account-${randomUUID()}`,
      accountEvents(BURST_ACCOUNTS, 1),
      "no_stream",
    );
    const head = await writer.headPosition();
    await waitFor(
      async () => (await readModelCheckpoint(server.url)) === head,
      {
        description: "the read models to reach the head after the outage",
        timeoutMs: 30_000,
      },
    );

    const lostAt = lostConnectionPositions(server.logs.slice(logsBefore));
    expect(Math.min(...lostAt)).toBeLessThan(burstHead);
    const fresh = await ControlPlaneServer.start({
      env: { EVENT_STORE_URL: store.connectionString },
    });
    try {
      await waitFor(
        async () => (await readModelCheckpoint(fresh.url)) === head,
        {
          description: "a fresh server to rebuild its read models",
          timeoutMs: 30_000,
        },
      );
      const resumed = dumpReadModels(server.dataDir);
      expect(resumed.checkpoint).toBe(head);
      expect(resumed).toEqual(dumpReadModels(fresh.dataDir));
      expect(resumed.tables.api_tokens!.length).toBeGreaterThan(
        BURST_ACCOUNTS * TOKENS_PER_ACCOUNT,
      );
    } finally {
      await fresh.dispose();
    }
  });
});
