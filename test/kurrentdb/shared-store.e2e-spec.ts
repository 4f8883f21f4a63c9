import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  buildState,
  snapshot,
  type Tokens,
  ADMIN,
} from "../api/durability-fixture.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { KurrentDbTestServer } from "../support/kurrentdb-test-server/kurrentdb-test-server.js";
import { waitFor } from "../support/wait-for.js";
import { dumpReadModels, readModelCheckpoint } from "./read-model-dump.js";

/**
 * Everything lives in the event store: a second server started with an
 * empty DATA_DIR on the same KurrentDB store rebuilds its read models from
 * the log and serves the same accounts, tokens, teams, spaces, apps and
 * permissions.
 */
describe("second server on the same KurrentDB store", () => {
  let store: KurrentDbTestServer;
  let first: ControlPlaneServer;
  let second: ControlPlaneServer | undefined;
  let tokens: Tokens;
  let before: Record<string, unknown>;
  let head: number;

  beforeAll(async () => {
    store = await KurrentDbTestServer.create();
    first = await ControlPlaneServer.start({
      env: { EVENT_STORE_URL: store.connectionString },
    });
    tokens = await buildState(first);
    before = await snapshot(first, tokens);
    head = await first.headPosition();
  }, 90_000);

  afterAll(async () => {
    await second?.dispose();
    await first?.dispose();
    store?.stop();
  });

  it("empty DATA_DIR: same responses", async () => {
    second = await ControlPlaneServer.start({
      env: { EVENT_STORE_URL: store.connectionString },
    });
    expect(existsSync(join(second.dataDir, "events.sqlite"))).toBe(false);
    expect(existsSync(join(first.dataDir, "events.sqlite"))).toBe(false);

    expect(await snapshot(second, tokens)).toEqual(before);
    expect(await second.headPosition()).toBe(head);
  });

  it("empty DATA_DIR: same read models", async () => {
    await waitFor(
      async () => (await readModelCheckpoint(second!.url)) === head,
      {
        description: "the second server's read models to reach the head",
      },
    );

    expect(dumpReadModels(second!.dataDir)).toEqual(
      dumpReadModels(first.dataDir),
    );
  });

  it("operator CLI lists the same tokens", async () => {
    expect(await second!.admin("tokens:list", ADMIN)).toBe(
      await first.admin("tokens:list", ADMIN),
    );
  });

  it("writes on one server reach the other", async () => {
    const created = await second!.request("POST", "/teams/apps", tokens.admin, {
      name: "app-second",
      team: "acme",
    });
    expect(created.status).toBe(201);

    const seen = await first.request("GET", "/apps/app-second", tokens.admin);
    expect(seen.status).toBe(200);
  });
});
