import { randomUUID } from "node:crypto";
import {
  ControlPlaneServer,
  openEventStore,
} from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";
import {
  expectOk,
  expectPlatformError,
  type Json,
  lastLine,
  readJson,
  runOperatorCli,
  waitUntilAllocated,
} from "./api-helpers.js";

/**
 * Permission checks run on read models that contain every event committed
 * before the request arrived, including events appended by another process.
 */

const ADMIN = "admin@example.com";
const MEMBER = "member@example.com";
const OUTSIDER = "outsider@example.com";
const CREATOR = "creator@example.com";
const OPERATED = "operated@example.com";

const UNAUTHORIZED = {
  id: "unauthorized",
  message: "Invalid credentials provided.",
};

describe("consistency of permission checks", () => {
  let server: ControlPlaneServer;
  let admin: string;
  let member: string;
  let outsider: string;
  let creator: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    admin = await server.createAccount(ADMIN);
    member = await server.createAccount(MEMBER);
    outsider = await server.createAccount(OUTSIDER);
    creator = await server.createAccount(CREATOR);
    await server.admin("teams:create", "acme", "--admin", ADMIN);
    await expectOk(
      await server.request("POST", "/spaces", admin, {
        name: "sp-main",
        team: "acme",
      }),
      201,
    );
    await expectOk(
      await server.request("POST", "/teams/apps", admin, {
        name: "app-main",
        team: "acme",
      }),
      201,
    );
    await waitUntilAllocated(server, admin, "sp-main");
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  function grant(user: string, permissions: string[]): Promise<Response> {
    return server.request("POST", "/teams/apps/app-main/collaborators", admin, {
      user,
      permissions,
    });
  }

  it("collaborator revoke: next GET rejected, 20 cycles", async () => {
    for (let cycle = 0; cycle < 20; cycle += 1) {
      await expectOk(await grant(OUTSIDER, ["view"]), 201);
      const detail = await expectOk(
        await server.request("GET", "/apps/app-main", outsider),
      );
      expect(detail.name).toBe("app-main");

      await expectOk(
        await server.request(
          "DELETE",
          `/apps/app-main/collaborators/${OUTSIDER}`,
          admin,
        ),
      );
      await expectPlatformError(
        await server.request("GET", "/apps/app-main", outsider),
        404,
        "not_found",
        "Couldn't find that app.",
      );
      expect(
        await expectOk<Json[]>(await server.request("GET", "/apps", outsider)),
      ).toEqual([]);
    }
  });

  it("collaborator leaves: next GET rejected", async () => {
    await expectOk(await grant(OUTSIDER, ["deploy"]), 201);
    await expectOk(
      await server.request(
        "DELETE",
        `/apps/app-main/collaborators/${OUTSIDER}`,
        outsider,
      ),
    );
    await expectPlatformError(
      await server.request("GET", "/apps/app-main/collaborators", outsider),
      404,
      "not_found",
    );
  });

  it("manage downgrade: next rename rejected, 10 cycles", async () => {
    await expectOk(await grant(OUTSIDER, ["manage"]), 201);
    const collaborator = `/teams/apps/app-main/collaborators/${OUTSIDER}`;
    for (let cycle = 0; cycle < 10; cycle += 1) {
      // Renaming to the current name needs manage and changes nothing.
      await expectOk(
        await server.request("PATCH", "/apps/app-main", outsider, {
          name: "app-main",
        }),
      );
      await expectOk(
        await server.request("PATCH", collaborator, admin, {
          permissions: ["view"],
        }),
      );
      await expectPlatformError(
        await server.request("PATCH", "/apps/app-main", outsider, {
          name: "app-main",
        }),
        403,
        "forbidden",
        /^You do not have the manage permission on the app app-main/,
      );
      await expectOk(
        await server.request("PATCH", collaborator, admin, {
          permissions: ["manage"],
        }),
      );
    }
    await expectOk(
      await server.request(
        "DELETE",
        `/apps/app-main/collaborators/${OUTSIDER}`,
        admin,
      ),
    );
  });

  it("member removed: next requests rejected, 5 cycles", async () => {
    for (let cycle = 0; cycle < 5; cycle += 1) {
      await expectOk(
        await server.request("PUT", "/teams/acme/members", admin, {
          email: MEMBER,
          role: "member",
        }),
      );
      await expectOk(await grant(MEMBER, ["deploy"]), 201);
      await expectOk(await server.request("GET", "/apps/app-main", member));
      await expectOk(await server.request("GET", "/spaces/sp-main", member));

      await expectOk(
        await server.request("DELETE", `/teams/acme/members/${MEMBER}`, admin),
      );
      await expectPlatformError(
        await server.request("GET", "/apps/app-main", member),
        404,
        "not_found",
      );
      await expectPlatformError(
        await server.request("GET", "/teams/acme", member),
        404,
        "not_found",
      );
      await expectPlatformError(
        await server.request("GET", "/spaces/sp-main", member),
        404,
        "not_found",
      );
      expect(
        await expectOk<Json[]>(
          await server.request("GET", "/users/~/apps", member),
        ),
      ).toEqual([]);
      const collaborators = await expectOk<Json[]>(
        await server.request("GET", "/apps/app-main/collaborators", admin),
      );
      expect(
        collaborators.map((row) => (row.user as Json).email),
      ).not.toContain(MEMBER);
    }
  });

  it("member removed: space access revoked", async () => {
    await expectOk(
      await server.request("PUT", "/teams/acme/members", admin, {
        email: CREATOR,
        role: "member",
      }),
    );
    await expectOk(
      await server.request(
        "PATCH",
        `/spaces/sp-main/members/${CREATOR}`,
        admin,
        {
          permissions: [{ name: "create_apps" }],
        },
      ),
    );
    await expectOk(
      await server.request("POST", "/teams/apps", creator, {
        name: "app-creator",
        space: "sp-main",
      }),
      201,
    );

    await expectOk(
      await server.request("DELETE", `/teams/acme/members/${CREATOR}`, admin),
    );
    const head = await server.settledHeadPosition();
    await expectPlatformError(
      await server.request("POST", "/teams/apps", creator, {
        name: "app-denied",
        space: "sp-main",
      }),
      404,
      "not_found",
      "Couldn't find that space.",
    );
    await expectPlatformError(
      await server.request("DELETE", "/apps/app-creator", creator),
      404,
      "not_found",
      "Couldn't find that app.",
    );
    expect(await server.headPosition()).toBe(head);
  });

  it("member re-added: old rights stay revoked", async () => {
    await expectOk(
      await server.request("PUT", "/teams/acme/members", admin, {
        email: CREATOR,
        role: "member",
      }),
    );
    const access = await expectOk(
      await server.request("GET", `/spaces/sp-main/members/${CREATOR}`, admin),
    );
    expect(access.permissions).toEqual([]);
    await expectPlatformError(
      await server.request("POST", "/teams/apps", creator, {
        name: "app-readded",
        space: "sp-main",
      }),
      403,
      "forbidden",
    );
    const listed = await expectOk<Json[]>(
      await server.request("GET", "/teams/acme/apps", creator),
    );
    expect(listed.map((app) => app.name)).toContain("app-creator");
    // Without a grant, a team member has neither view nor manage on the app.
    await expectPlatformError(
      await server.request("GET", "/apps/app-creator", creator),
      403,
      "forbidden",
    );
    await expectPlatformError(
      await server.request("DELETE", "/apps/app-creator", creator),
      403,
      "forbidden",
    );
  });

  it("member re-added: space access grantable", async () => {
    const granted = await expectOk(
      await server.request(
        "PATCH",
        `/spaces/sp-main/members/${CREATOR}`,
        admin,
        {
          permissions: [{ name: "create_apps" }],
        },
      ),
    );
    expect(granted.permissions).toEqual([
      { name: "create_apps", description: "Create apps in the space." },
    ]);
    await expectOk(
      await server.request("POST", "/teams/apps", creator, {
        name: "app-regranted",
        space: "sp-main",
      }),
      201,
    );
  });

  it("operator token revoke: next request rejected", async () => {
    const first = await server.createAccount(OPERATED);
    await expectOk(await server.request("GET", "/account", first));
    for (let cycle = 0; cycle < 3; cycle += 1) {
      const output = await server.admin("tokens:create", OPERATED);
      const tokenId = /^Created token (\S+) for /m.exec(output)?.[1];
      const token = lastLine(output);
      expect(tokenId).toBeDefined();
      // A token another process issued is accepted on the next request.
      const account = await expectOk(
        await server.request("GET", "/account", token),
      );
      expect(account.email).toBe(OPERATED);

      await server.admin("tokens:revoke", tokenId!);
      const response = await server.request("GET", "/account", token);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(UNAUTHORIZED);
      await expectOk(await server.request("GET", "/account", first));
    }
    const listed = await server.admin("tokens:list", OPERATED);
    expect(listed.match(/ revoked /g)).toHaveLength(3);
    expect(listed.match(/ active /g)).toHaveLength(1);
  });

  it("operator token revoke: write rejected", async () => {
    const output = await server.admin("tokens:create", ADMIN);
    const tokenId = /^Created token (\S+) for /m.exec(output)?.[1];
    const token = lastLine(output);
    await server.admin("tokens:revoke", tokenId!);
    const head = await server.settledHeadPosition();
    const response = await server.request("POST", "/teams/apps", token, {
      name: "app-revoked",
      team: "acme",
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(UNAUTHORIZED);
    expect(await server.headPosition()).toBe(head);
  });
});

describe("read models behind the log", () => {
  const EMAIL = "lagging@example.com";
  let server: ControlPlaneServer;
  let token: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start({
      env: { CONSISTENCY_TIMEOUT_MS: "1" },
    });
    // server.admin() would pass the 1 ms timeout on to the CLI's own read models.
    token = lastLine(
      await runOperatorCli(server.dataDir, "accounts:create", EMAIL),
    );
    await runOperatorCli(
      server.dataDir,
      "teams:create",
      "acme",
      "--admin",
      EMAIL,
    );
    await waitFor(
      async () => (await server.request("GET", "/account", token)).ok,
      { description: "the projector to catch up with the operator CLI" },
    );
  }, 60_000);

  afterAll(async () => {
    await server?.dispose();
  });

  it("projector stuck: 503 with Retry-After, nothing appended", async () => {
    // A TeamCreated event without a name violates a NOT NULL column, so the
    // projector fails on it at every retry and never moves past it.
    const store = openEventStore(server.dataDir);
    try {
      await store.append(
        `team-${randomUUID()}`,
        [
          {
            id: randomUUID(),
            type: "TeamCreated",
            data: { teamId: randomUUID() },
            metadata: {
              actorId: "test",
              requestId: "unprojectable",
              commandId: "unprojectable",
              causationId: "unprojectable",
              correlationId: "unprojectable",
              schemaVersion: 1,
            },
          },
        ],
        "no_stream",
      );
    } finally {
      await store.close();
    }
    const head = await server.headPosition();

    const [read, write] = await Promise.all([
      server.request("GET", "/account", token),
      server.request("POST", "/teams/apps", token, {
        name: "app-lagging",
        team: "acme",
      }),
    ]);
    for (const response of [read, write]) {
      await expectPlatformError(
        response,
        503,
        "unavailable",
        "The control plane is catching up with recent changes; retry in a moment.",
      );
      expect(response.headers.get("retry-after")).toBe("1");
    }
    expect(await server.headPosition()).toBe(head);
    // Whether /health already reports the projector as failing depends on
    // how soon the store delivered the event: at once when pushed, after a
    // poll interval when polled. Either way the checkpoint stays behind.
    const health = await readJson(await fetch(`${server.url}/health`));
    expect((health.read_models as Json).checkpoint).toBeLessThan(head);
  });
});
