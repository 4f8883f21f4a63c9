import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { expectOk, expectPlatformError, type Json } from "./api-helpers.js";
import {
  buildState,
  MEMBER,
  OUTSIDER,
  snapshot,
  type Tokens,
} from "./durability-fixture.js";

/**
 * The log is the source of truth: a restarted server, and a server whose
 * read models were deleted and rebuilt from the log, return what it
 * returned before.
 */

function readModelFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((file) =>
    file.startsWith("read-models.sqlite"),
  );
}

describe("restart durability", () => {
  let server: ControlPlaneServer;
  let tokens: Tokens;
  let before: Record<string, unknown>;
  /** Log head once the state is built; no later step may append. */
  let head: number;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    tokens = await buildState(server);
    before = await snapshot(server, tokens);
    head = await server.headPosition();
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("snapshot: state as built", () => {
    const apps = before["admin GET /teams/acme/apps"] as Json[];
    expect(apps.map((app) => app.name)).toEqual([
      "app-renamed",
      "app-web",
      "app-worker",
    ]);
    const collaborators = before[
      "admin GET /apps/app-web/collaborators"
    ] as Json[];
    expect(
      collaborators.map((row) => [
        (row.user as Json).email,
        (row.permissions as Json[]).map((permission) => permission.name),
      ]),
    ).toEqual([
      [MEMBER, ["deploy", "manage", "operate", "view"]],
      [OUTSIDER, ["deploy", "operate", "view"]],
    ]);
    expect((before["admin GET /spaces/sp-main"] as Json).state).toBe(
      "allocated",
    );
  });

  it("restart: same responses", async () => {
    await server.restart();
    expect(await snapshot(server, tokens)).toEqual(before);
    expect(await server.headPosition()).toBe(head);
  });

  it("restart: names still taken", async () => {
    for (const [path, body, message] of [
      [
        "/teams/apps",
        { name: "app-renamed", team: "acme" },
        "Name is already taken",
      ],
      [
        "/teams/apps",
        { name: "app-web", team: "acme" },
        "Name is already taken",
      ],
      [
        "/spaces",
        { name: "sp-main", team: "acme" },
        "The space name sp-main is already taken.",
      ],
    ] as const) {
      await expectPlatformError(
        await server.request("POST", path, tokens.admin, body),
        422,
        "invalid_params",
        message,
      );
    }
    expect(await server.headPosition()).toBe(head);
  });

  it("crash: same responses", async () => {
    await server.stop("SIGKILL");
    const restarted = await ControlPlaneServer.start({
      dataDir: server.dataDir,
    });
    try {
      expect(await snapshot(restarted, tokens)).toEqual(before);
      expect(await restarted.headPosition()).toBe(head);
    } finally {
      await restarted.stop();
    }
  });

  it("read models deleted: rebuilt from the log", async () => {
    const files = readModelFiles(server.dataDir);
    expect(files).toContain("read-models.sqlite");
    for (const file of files) rmSync(join(server.dataDir, file));

    const rebuilt = await ControlPlaneServer.start({
      dataDir: server.dataDir,
    });
    try {
      expect(await snapshot(rebuilt, tokens)).toEqual(before);
      expect(await rebuilt.headPosition()).toBe(head);
      const health = await expectOk(await fetch(`${rebuilt.url}/health`));
      expect(health.read_models).toEqual({ checkpoint: head, failure: null });
    } finally {
      await rebuilt.stop();
    }
  });

  it("read models deleted: writes still checked", async () => {
    for (const file of readModelFiles(server.dataDir))
      rmSync(join(server.dataDir, file));
    const rebuilt = await ControlPlaneServer.start({
      dataDir: server.dataDir,
    });
    try {
      await expectPlatformError(
        await rebuilt.request("POST", "/teams/apps", tokens.admin, {
          name: "app-web",
          team: "acme",
        }),
        422,
        "invalid_params",
        "Name is already taken",
      );
      await expectPlatformError(
        await rebuilt.request("PATCH", "/apps/app-worker", tokens.outsider, {
          name: "app-stolen",
        }),
        404,
        "not_found",
      );
      const created = await expectOk(
        await rebuilt.request("POST", "/teams/apps", tokens.member, {
          name: "app-after-rebuild",
          space: "sp-main",
        }),
        201,
      );
      expect(created.space).toEqual({
        id: (before["admin GET /spaces/sp-main"] as Json).id,
        name: "sp-main",
        shield: true,
      });
    } finally {
      await rebuilt.stop();
    }
  });
});
