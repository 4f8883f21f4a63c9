import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import {
  expectOk,
  expectPlatformError,
  type Json,
  waitUntilAllocated,
} from "./api-helpers.js";

/**
 * The log is the source of truth: a restarted server, and a server whose
 * read models were deleted and rebuilt from the log, return what it
 * returned before.
 */

const ADMIN = "admin@example.com";
const MEMBER = "member@example.com";
const VIEWER = "viewer@example.com";
const OUTSIDER = "outsider@example.com";
const LEAVER = "leaver@example.com";

interface Tokens {
  admin: string;
  member: string;
  viewer: string;
  outsider: string;
  leaver: string;
}

/** GET requests whose responses must survive a restart, each with the account that sends it. */
const SNAPSHOT_REQUESTS: Array<[keyof Tokens, string]> = [
  ["admin", "/account"],
  ["admin", "/teams"],
  ["admin", "/teams/acme"],
  ["admin", "/teams/acme/members"],
  ["admin", "/teams/acme/features"],
  ["admin", "/teams/acme/apps"],
  ["admin", "/apps"],
  ["admin", "/apps/app-web"],
  ["admin", "/apps/app-worker"],
  ["admin", "/apps/app-renamed"],
  ["admin", "/apps/app-web/collaborators"],
  ["admin", "/apps/app-worker/collaborators"],
  ["admin", "/apps/app-renamed/collaborators"],
  ["admin", "/spaces"],
  ["admin", "/spaces/sp-main"],
  ["admin", "/spaces/sp-main/nat"],
  ["admin", "/spaces/sp-main/members"],
  ["admin", `/spaces/sp-main/members/${MEMBER}`],
  ["member", "/users/~/apps"],
  ["member", "/teams"],
  ["viewer", "/teams/acme/apps"],
  ["outsider", "/apps"],
  ["outsider", "/apps/app-web"],
  ["leaver", "/apps"],
  ["leaver", "/teams"],
];

/** Requests that must still fail the same way after a restart. */
const REJECTED_REQUESTS: Array<[keyof Tokens, string, number]> = [
  ["outsider", "/apps/app-worker", 404],
  ["outsider", "/teams/acme", 404],
  ["admin", "/apps/app-gone", 404],
  ["admin", "/apps/app-before", 404],
  ["leaver", "/apps/app-worker", 404],
  ["leaver", "/spaces/sp-main", 404],
];

async function buildState(server: ControlPlaneServer): Promise<Tokens> {
  const tokens: Tokens = {
    admin: await server.createAccount(ADMIN),
    member: await server.createAccount(MEMBER),
    viewer: await server.createAccount(VIEWER),
    outsider: await server.createAccount(OUTSIDER),
    leaver: await server.createAccount(LEAVER),
  };
  await server.admin("teams:create", "acme", "--admin", ADMIN);

  const steps: Array<[keyof Tokens, string, string, object?]> = [
    ["admin", "PUT", "/teams/acme/members", { email: MEMBER, role: "member" }],
    ["admin", "PUT", "/teams/acme/members", { email: VIEWER, role: "member" }],
    [
      "admin",
      "PATCH",
      "/teams/acme/members",
      { email: VIEWER, role: "viewer" },
    ],
    [
      "admin",
      "POST",
      "/spaces",
      { name: "sp-main", team: "acme", region: "frankfurt", shield: true },
    ],
    [
      "admin",
      "PATCH",
      `/spaces/sp-main/members/${MEMBER}`,
      { permissions: [{ name: "create_apps" }] },
    ],
    [
      "member",
      "POST",
      "/teams/apps",
      { name: "app-web", space: "sp-main", internal_routing: true },
    ],
    [
      "admin",
      "POST",
      "/teams/apps",
      { name: "app-worker", team: "acme", region: "eu", stack: "heroku-22" },
    ],
    ["admin", "POST", "/teams/apps", { name: "app-before", team: "acme" }],
    ["admin", "PATCH", "/apps/app-before", { name: "app-renamed" }],
    ["admin", "POST", "/teams/apps", { name: "app-gone", team: "acme" }],
    ["admin", "DELETE", "/apps/app-gone"],
    [
      "member",
      "POST",
      "/teams/apps/app-web/collaborators",
      { user: OUTSIDER, permissions: ["deploy"] },
    ],
    [
      "admin",
      "PATCH",
      `/teams/apps/app-web/collaborators/${OUTSIDER}`,
      { permissions: ["deploy", "operate"] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: VIEWER, permissions: ["view"] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: OUTSIDER, permissions: ["manage"] },
    ],
    ["admin", "DELETE", `/apps/app-worker/collaborators/${OUTSIDER}`],
    ["admin", "PUT", "/teams/acme/members", { email: LEAVER, role: "member" }],
    [
      "admin",
      "PATCH",
      `/spaces/sp-main/members/${LEAVER}`,
      { permissions: [{ name: "create_apps" }] },
    ],
    [
      "admin",
      "POST",
      "/teams/apps/app-worker/collaborators",
      { user: LEAVER, permissions: ["deploy"] },
    ],
    ["admin", "DELETE", `/teams/acme/members/${LEAVER}`],
  ];
  for (const [who, method, path, body] of steps) {
    const response = await server.request(method, path, tokens[who], body);
    const expected = method === "POST" ? 201 : 200;
    if (response.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${response.status}: ${await response.text()}`,
      );
    }
  }
  await waitUntilAllocated(server, tokens.admin, "sp-main");
  return tokens;
}

async function snapshot(
  server: ControlPlaneServer,
  tokens: Tokens,
): Promise<Record<string, unknown>> {
  const responses: Record<string, unknown> = {};
  for (const [who, path] of SNAPSHOT_REQUESTS) {
    const response = await server.request("GET", path, tokens[who]);
    responses[`${who} GET ${path}`] = await expectOk(response);
  }
  for (const [who, path, status] of REJECTED_REQUESTS) {
    const response = await server.request("GET", path, tokens[who]);
    responses[`${who} GET ${path}`] = await expectPlatformError(
      response,
      status,
      "not_found",
    );
  }
  return responses;
}

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
