import { ControlPlaneServer } from "../support/control-plane-server.js";
import {
  expectOk,
  expectPlatformError,
  type Json,
  readJson,
} from "./api-helpers.js";

/** App names are globally unique under concurrent requests, and a retried request creates nothing twice. */

const ADMIN = "admin@example.com";
const NAME_TAKEN = "Name is already taken";

describe("app names under concurrency", () => {
  let server: ControlPlaneServer;
  let token: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    token = await server.createAccount(ADMIN);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  function createApp(
    body: Json,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return server.request(
      "POST",
      "/teams/apps",
      token,
      { team: "acme", ...body },
      headers,
    );
  }

  async function teamAppNames(): Promise<string[]> {
    const apps = await expectOk<Json[]>(
      await server.request("GET", "/teams/acme/apps", token),
    );
    return apps.map((app) => String(app.name));
  }

  /** Sends `count` creates of one name at once; expects one 201 and the rest 422. */
  async function raceForName(name: string, count: number): Promise<Json> {
    const responses = await Promise.all(
      Array.from({ length: count }, () => createApp({ name })),
    );
    const winners = responses.filter((response) => response.status === 201);
    const losers = responses.filter((response) => response.status !== 201);
    expect(winners).toHaveLength(1);
    for (const loser of losers) {
      await expectPlatformError(loser, 422, "invalid_params", NAME_TAKEN);
    }
    const app = await readJson(winners[0]!);
    expect(app.name).toBe(name);
    return app;
  }

  it("two creates of one name: one wins", async () => {
    const app = await raceForName("app-duo", 2);
    expect((await teamAppNames()).filter((n) => n === "app-duo")).toEqual([
      "app-duo",
    ]);
    const detail = await expectOk(
      await server.request("GET", "/apps/app-duo", token),
    );
    expect(detail.id).toBe(app.id);
  });

  it("ten creates of one name: one wins", async () => {
    const app = await raceForName("app-ten", 10);
    expect((await teamAppNames()).filter((n) => n === "app-ten")).toEqual([
      "app-ten",
    ]);
    const mine = await expectOk<Json[]>(
      await server.request("GET", "/users/~/apps", token),
    );
    expect(mine.filter((listed) => listed.name === "app-ten")).toEqual([app]);
  });

  it("ten creates of different names: all win", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `app-many-${i}`);
    const responses = await Promise.all(
      names.map((name) => createApp({ name })),
    );
    const created = await Promise.all(
      responses.map((response) => expectOk(response, 201)),
    );
    expect(created.map((app) => app.name)).toEqual(names);
    expect(new Set(created.map((app) => app.id)).size).toBe(10);
    const listed = await teamAppNames();
    expect(listed.filter((name) => name.startsWith("app-many-"))).toEqual(
      [...names].sort(),
    );
  });

  it("retry with one Request-Id: same app", async () => {
    const headers = { "request-id": "retry-named-1" };
    const first = await expectOk(
      await createApp({ name: "app-retry" }, headers),
      201,
    );
    const head = await server.headPosition();
    const second = await expectOk(
      await createApp({ name: "app-retry" }, headers),
      201,
    );
    expect(second.id).toBe(first.id);
    expect(second).toEqual(first);
    expect(await server.headPosition()).toBe(head);
    expect(
      (await teamAppNames()).filter((n) => n === "app-retry"),
    ).toHaveLength(1);
  });

  it("retry of an unnamed create: same app", async () => {
    const headers = { "request-id": "retry-unnamed-1" };
    const before = await teamAppNames();
    const first = await expectOk(await createApp({}, headers), 201);
    const head = await server.headPosition();
    const second = await expectOk(await createApp({}, headers), 201);
    expect(second.id).toBe(first.id);
    expect(second.name).toBe(first.name);
    expect(await server.headPosition()).toBe(head);
    expect(await teamAppNames()).toHaveLength(before.length + 1);
  });

  it("retry of a rename: same outcome", async () => {
    const app = await expectOk(await createApp({ name: "app-rn-old" }), 201);
    const headers = { "request-id": "retry-rename-1" };
    const rename = () =>
      server.request(
        "PATCH",
        "/apps/app-rn-old",
        token,
        { name: "app-rn-new" },
        headers,
      );
    const first = await expectOk(await rename());
    const head = await server.headPosition();
    const second = await expectOk(await rename());
    expect(first.id).toBe(app.id);
    expect(second).toEqual(first);
    expect(await server.headPosition()).toBe(head);
  });

  it("retry of a destroy: same outcome", async () => {
    const app = await expectOk(await createApp({ name: "app-rm" }), 201);
    const headers = { "request-id": "retry-destroy-1" };
    const destroy = () =>
      server.request("DELETE", "/apps/app-rm", token, undefined, headers);
    const first = await expectOk(await destroy());
    const head = await server.headPosition();
    const second = await expectOk(await destroy());
    expect(first.id).toBe(app.id);
    expect(second).toEqual(first);
    expect(await server.headPosition()).toBe(head);
  });

  it("concurrent retries with one Request-Id: one app", async () => {
    const headers = { "request-id": "retry-concurrent-1" };
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => createApp({ name: "app-echo" }, headers)),
    );
    const apps = await Promise.all(
      responses.map((response) => expectOk(response, 201)),
    );
    expect(new Set(apps.map((app) => app.id)).size).toBe(1);
    expect((await teamAppNames()).filter((n) => n === "app-echo")).toHaveLength(
      1,
    );
  });

  it("other Request-Id, same name: taken", async () => {
    await expectOk(
      await createApp({ name: "app-once" }, { "request-id": "once-1" }),
      201,
    );
    const head = await server.headPosition();
    await expectPlatformError(
      await createApp({ name: "app-once" }, { "request-id": "once-2" }),
      422,
      "invalid_params",
      NAME_TAKEN,
    );
    expect(await server.headPosition()).toBe(head);
  });

  it("destroyed app: name free again", async () => {
    const first = await expectOk(await createApp({ name: "app-phoenix" }), 201);
    await expectOk(await server.request("DELETE", "/apps/app-phoenix", token));
    await expectPlatformError(
      await server.request("GET", `/apps/${String(first.id)}`, token),
      404,
      "not_found",
    );
    expect(await teamAppNames()).not.toContain("app-phoenix");

    const second = await expectOk(
      await createApp({ name: "app-phoenix" }),
      201,
    );
    expect(second.id).not.toBe(first.id);
    const detail = await expectOk(
      await server.request("GET", "/apps/app-phoenix", token),
    );
    expect(detail.id).toBe(second.id);
    expect((await teamAppNames()).filter((n) => n === "app-phoenix")).toEqual([
      "app-phoenix",
    ]);
  });

  it("destroyed app: concurrent re-creates, one wins", async () => {
    await expectOk(await createApp({ name: "app-again" }), 201);
    await expectOk(await server.request("DELETE", "/apps/app-again", token));
    await raceForName("app-again", 4);
  });

  it("renamed app: old name free, new name taken", async () => {
    const app = await expectOk(await createApp({ name: "app-before" }), 201);
    const renamed = await expectOk(
      await server.request("PATCH", "/apps/app-before", token, {
        name: "app-after",
      }),
    );
    expect(renamed.id).toBe(app.id);
    expect(renamed.name).toBe("app-after");
    expect(renamed.web_url).toBe(
      String(app.web_url).replace("app-before-", "app-after-"),
    );

    await expectPlatformError(
      await createApp({ name: "app-after" }),
      422,
      "invalid_params",
      NAME_TAKEN,
    );
    const reused = await expectOk(await createApp({ name: "app-before" }), 201);
    expect(reused.id).not.toBe(app.id);
    const names = await teamAppNames();
    expect(names.filter((n) => n === "app-before")).toHaveLength(1);
    expect(names.filter((n) => n === "app-after")).toHaveLength(1);
  });

  it("two renames to one name: one wins", async () => {
    await expectOk(await createApp({ name: "app-left" }), 201);
    await expectOk(await createApp({ name: "app-right" }), 201);
    const responses = await Promise.all(
      ["app-left", "app-right"].map((name) =>
        server.request("PATCH", `/apps/${name}`, token, { name: "app-middle" }),
      ),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, 422]);
    const loser = responses.find((response) => response.status === 422)!;
    await expectPlatformError(loser, 422, "invalid_params", NAME_TAKEN);
    const names = await teamAppNames();
    expect(names.filter((n) => n === "app-middle")).toHaveLength(1);
    expect(
      names.filter((n) => n === "app-left" || n === "app-right"),
    ).toHaveLength(1);
  });

  it("create and rename to one name: one wins", async () => {
    await expectOk(await createApp({ name: "app-source" }), 201);
    const [created, renamed] = await Promise.all([
      createApp({ name: "app-target" }),
      server.request("PATCH", "/apps/app-source", token, {
        name: "app-target",
      }),
    ]);
    expect([
      [201, 422],
      [422, 200],
    ]).toContainEqual([created.status, renamed.status]);
    expect(
      (await teamAppNames()).filter((n) => n === "app-target"),
    ).toHaveLength(1);
  });
});

describe("collaborators under concurrency", () => {
  let server: ControlPlaneServer;
  let token: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    token = await server.createAccount(ADMIN);
    await server.createAccount("bob@example.com");
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    await expectOk(
      await server.request("POST", "/teams/apps", token, {
        name: "app-shared",
        team: "acme",
      }),
      201,
    );
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("six grants of one user: one wins, 20 rounds", async () => {
    for (let round = 0; round < 20; round += 1) {
      const responses = await Promise.all(
        [
          ["view"],
          ["deploy"],
          ["operate"],
          ["manage"],
          ["view", "deploy"],
          ["operate", "manage"],
        ].map((permissions) =>
          server.request(
            "POST",
            "/teams/apps/app-shared/collaborators",
            token,
            { user: "bob@example.com", permissions },
          ),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([
        201, 409, 409, 409, 409, 409,
      ]);
      for (const loser of responses.filter((r) => r.status === 409)) {
        await expectPlatformError(
          loser,
          409,
          "conflict",
          /^bob@example\.com is already a collaborator on app-shared/,
        );
      }
      const collaborators = await expectOk<Json[]>(
        await server.request("GET", "/apps/app-shared/collaborators", token),
      );
      expect(
        collaborators.filter(
          (row) => (row.user as Json).email === "bob@example.com",
        ),
      ).toHaveLength(1);
      await expectOk(
        await server.request(
          "DELETE",
          "/apps/app-shared/collaborators/bob@example.com",
          token,
        ),
      );
    }
  });
});
