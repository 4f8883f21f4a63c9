import { ControlPlaneServer } from "../support/control-plane-server.js";
import { HerokuCli } from "../support/heroku-cli.js";
import { waitFor } from "../support/wait-for.js";
import {
  apiErrorOutput,
  apiRequest,
  teamAppNames,
  unwrapBlocks,
} from "./cli-output.js";

const SPACE = "my-space-name";
const TEAM = "my-team";
const APP = "my-space-app";

/** Accounts by short name. Each case below acts as an account of its own. */
const EMAILS = {
  admin: "admin@example.com",
  member: "member@example.com",
  viewer: "viewer@example.com",
  collaborator: "collaborator@example.com",
  otherAdmin: "other-admin@example.com",
  reader: "reader@example.com",
  deployer: "deployer@example.com",
  holder: "holder@example.com",
  watcher: "watcher@example.com",
  leaver: "leaver@example.com",
} as const;

type Account = keyof typeof EMAILS;

/** Team roles given through the API. Accounts missing here are not members of my-team. */
const TEAM_ROLES: Partial<Record<Account, "member" | "viewer">> = {
  member: "member",
  viewer: "viewer",
  reader: "member",
  deployer: "member",
  holder: "member",
  watcher: "member",
  leaver: "member",
};

/** App permissions on my-space-app granted by the admin through the API. */
const GRANTS: Partial<Record<Account, string[]>> = {
  collaborator: ["view", "deploy"],
  deployer: ["view", "deploy"],
  holder: ["view"],
  watcher: ["view"],
  leaver: ["view", "manage"],
};

const NOT_FOUND_APP = apiErrorOutput("Couldn't find that app.", "not_found");
const NOT_FOUND_SPACE = apiErrorOutput(
  "Couldn't find that space.",
  "not_found",
);

function missingPermission(permission: string): string {
  return `You do not have the ${permission} permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.`;
}

/**
 * Accounts of every kind try what their role or permissions do not allow,
 * with the real Heroku CLI. Each denial must exit 2 with the API's message
 * and change nothing.
 */
describe("permission denials", () => {
  let server: ControlPlaneServer;
  let harness: HerokuCli;
  const tokens = {} as Record<Account, string>;
  const clis = {} as Record<Account, HerokuCli>;

  const api = (
    account: Account,
    method: string,
    path: string,
    expectedStatus: number,
    body?: unknown,
  ) => apiRequest(server, tokens[account], method, path, expectedStatus, body);

  const permissionsOf = async (email: string): Promise<string[]> => {
    const collaborators = (await api(
      "admin",
      "GET",
      `/apps/${APP}/collaborators`,
      200,
    )) as { user: { email: string }; permissions: { name: string }[] }[];
    const row = collaborators.find((item) => item.user.email === email);
    return (row?.permissions ?? []).map((permission) => permission.name);
  };

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    for (const account of Object.keys(EMAILS) as Account[]) {
      tokens[account] = await server.createAccount(EMAILS[account]);
    }
    await server.admin("teams:create", TEAM, "--admin", EMAILS.admin);
    await server.admin(
      "teams:create",
      "other-team",
      "--admin",
      EMAILS.otherAdmin,
    );

    harness = new HerokuCli({ apiUrl: server.url, token: tokens.admin });
    for (const account of Object.keys(EMAILS) as Account[]) {
      clis[account] = harness.withToken(tokens[account]);
    }

    await api("admin", "POST", "/spaces", 201, {
      name: SPACE,
      team: TEAM,
      region: "tokyo",
      generation: "cedar",
      features: [],
    });
    await waitFor(
      async () => {
        const space = (await api("admin", "GET", `/spaces/${SPACE}`, 200)) as {
          state: string;
        };
        return space.state === "allocated";
      },
      { description: `${SPACE} to become allocated`, timeoutMs: 30_000 },
    );

    for (const [account, role] of Object.entries(TEAM_ROLES)) {
      await api("admin", "PUT", `/teams/${TEAM}/members`, 200, {
        email: EMAILS[account as Account],
        role,
      });
    }
    await api("admin", "POST", "/teams/apps", 201, { name: APP, space: SPACE });
    for (const [account, permissions] of Object.entries(GRANTS)) {
      await api("admin", "POST", `/teams/apps/${APP}/collaborators`, 201, {
        user: EMAILS[account as Account],
        permissions,
      });
    }
    await api(
      "admin",
      "PATCH",
      `/spaces/${SPACE}/members/${EMAILS.leaver}`,
      200,
      { permissions: [{ name: "create_apps" }] },
    );
    await api("leaver", "POST", "/teams/apps", 201, {
      name: "leaver-app",
      space: SPACE,
    });
  });

  afterAll(async () => {
    harness?.cleanup();
    await server?.dispose();
  });

  describe("create in space", () => {
    const action = `Creating denied-app in space ${SPACE}`;

    afterEach(async () => {
      expect(await teamAppNames(server, tokens.admin, TEAM)).toEqual([
        "leaver-app",
        APP,
      ]);
      await api("admin", "GET", "/apps/denied-app", 404);
    });

    it("member without create_apps rejected", async () => {
      const result = await clis.member.run([
        "create",
        "denied-app",
        "--space",
        SPACE,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          `You need the create_apps permission on the space ${SPACE} to create apps in it: ask an admin of the team ${TEAM} to grant it.`,
          "forbidden",
          action,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("viewer rejected", async () => {
      const result = await clis.viewer.run([
        "create",
        "denied-app",
        "--space",
        SPACE,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          `Viewers of the team ${TEAM} cannot create apps.`,
          "forbidden",
          action,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("collaborator gets space not found", async () => {
      const result = await clis.collaborator.run([
        "create",
        "denied-app",
        "--space",
        SPACE,
      ]);

      expect(result.stderr).toBe(`${action}... !\n${NOT_FOUND_SPACE}`);
      expect(result.code).toBe(2);
    });
  });

  describe("other team's admin", () => {
    it("info gets app not found", async () => {
      const result = await clis.otherAdmin.run(["info", "-a", APP]);

      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(NOT_FOUND_APP);
      expect(result.code).toBe(2);
    });

    it("apps --space gets space not found", async () => {
      const result = await clis.otherAdmin.run(["apps", "--space", SPACE]);

      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(NOT_FOUND_SPACE);
      expect(result.code).toBe(2);
    });
  });

  it("info without view rejected", async () => {
    const result = await clis.reader.run(["info", "-a", APP]);

    expect(result.stdout).toBe("");
    expect(unwrapBlocks(result.stderr)).toBe(
      apiErrorOutput(missingPermission("view"), "forbidden"),
    );
    expect(result.code).toBe(2);
  });

  describe("deployer without manage", () => {
    const forbidden = (action: string) =>
      apiErrorOutput(missingPermission("manage"), "forbidden", action);

    afterEach(async () => {
      await api("admin", "GET", `/apps/${APP}`, 200);
      expect(await permissionsOf(EMAILS.deployer)).toEqual(["deploy", "view"]);
      expect(await permissionsOf(EMAILS.member)).toEqual([]);
    });

    it("apps:destroy rejected", async () => {
      const result = await clis.deployer.run([
        "apps:destroy",
        "-a",
        APP,
        "--confirm",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        forbidden(`Destroying ${APP} (including all add-ons)`),
      );
      expect(result.code).toBe(2);
    });

    it("access:add rejected", async () => {
      const result = await clis.deployer.run([
        "access:add",
        EMAILS.member,
        "--permissions",
        "view",
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        forbidden(
          `Adding ${EMAILS.member} access to the app ${APP} with view permissions`,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("access:update of self rejected", async () => {
      const result = await clis.deployer.run([
        "access:update",
        EMAILS.deployer,
        "--permissions",
        "view,manage",
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        forbidden(
          `Updating ${EMAILS.deployer} in application ${APP} with manage,view permissions`,
        ),
      );
      expect(result.code).toBe(2);
    });

    it("apps:rename rejected", async () => {
      const result = await clis.deployer.run([
        "apps:rename",
        "stolen-app",
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        forbidden(`Renaming ${APP} to stolen-app`),
      );
      expect(result.code).toBe(2);
      await api("admin", "GET", "/apps/stolen-app", 404);
    });
  });

  it("revoked token rejected at once", async () => {
    await api("holder", "GET", `/apps/${APP}`, 200);
    const listed = await server.admin("tokens:list", EMAILS.holder);
    const tokenId = /^([0-9a-f-]{36}) {2}active /m.exec(listed)?.[1];
    expect(tokenId).toBeDefined();

    const revoked = await server.admin("tokens:revoke", tokenId ?? "");
    expect(revoked).toBe(`Revoked token ${tokenId} of ${EMAILS.holder}.\n`);
    const result = await clis.holder.run(["info", "-a", APP]);

    expect(result.stdout).toBe("");
    expect(unwrapBlocks(result.stderr)).toBe(
      "    Error: The token provided to HEROKU_API_KEY is invalid. Please double-check that you have the correct token, or run `heroku login` without HEROKU_API_KEY set.\n",
    );
    expect(result.code).toBe(1);
  });

  it("access:remove ends view at once", async () => {
    await api("watcher", "GET", `/apps/${APP}`, 200);

    const removed = await clis.admin.run([
      "access:remove",
      EMAILS.watcher,
      "-a",
      APP,
    ]);
    expect(removed.stderr).toBe(
      `Removing ${EMAILS.watcher} access from the app ${APP}... done\n`,
    );
    expect(removed.code).toBe(0);
    const result = await clis.watcher.run(["info", "-a", APP]);

    expect(result.stdout).toBe("");
    expect(unwrapBlocks(result.stderr)).toBe(
      apiErrorOutput(missingPermission("view"), "forbidden"),
    );
    expect(result.code).toBe(2);
  });

  describe("members:remove", () => {
    it("ends app and space access at once", async () => {
      await api("leaver", "GET", `/apps/${APP}`, 200);

      const removed = await clis.admin.run([
        "members:remove",
        EMAILS.leaver,
        "--team",
        TEAM,
      ]);
      expect(removed.stderr).toBe(
        `Removing ${EMAILS.leaver} from ${TEAM}... done\n`,
      );
      expect(removed.code).toBe(0);

      const info = await clis.leaver.run(["info", "-a", APP]);
      expect(info.stdout).toBe("");
      expect(info.stderr).toBe(NOT_FOUND_APP);
      expect(info.code).toBe(2);

      const create = await clis.leaver.run([
        "create",
        "denied-app",
        "--space",
        SPACE,
      ]);
      expect(create.stderr).toBe(
        `Creating denied-app in space ${SPACE}... !\n${NOT_FOUND_SPACE}`,
      );
      expect(create.code).toBe(2);

      await api("leaver", "GET", "/apps/leaver-app", 404);
      await api(
        "admin",
        "GET",
        `/spaces/${SPACE}/members/${EMAILS.leaver}`,
        404,
      );
      expect(await permissionsOf(EMAILS.leaver)).toEqual([]);
    });

    it("re-adding restores no permission", async () => {
      await api("admin", "PUT", `/teams/${TEAM}/members`, 200, {
        email: EMAILS.leaver,
        role: "member",
      });

      const access = (await api(
        "admin",
        "GET",
        `/spaces/${SPACE}/members/${EMAILS.leaver}`,
        200,
      )) as { permissions: unknown[] };
      expect(access.permissions).toEqual([]);
      await api("leaver", "GET", `/apps/${APP}`, 403);
      await api("leaver", "GET", "/apps/leaver-app", 403);
      await api("leaver", "POST", "/teams/apps", 403, {
        name: "denied-app",
        space: SPACE,
      });
    });
  });
});
