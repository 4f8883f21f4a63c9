import { ControlPlaneServer } from "../support/control-plane-server.js";
import { HerokuCli, type RunResult } from "../support/heroku-cli.js";
import { waitFor } from "../support/wait-for.js";
import {
  apiErrorOutput,
  apiRequest,
  outputLines,
  tableRows,
  unwrapBlocks,
} from "./cli-output.js";

const SPACE = "my-space-name";
const TEAM = "my-team";
const ADMIN = "admin@example.com";
const MEMBER = "member@example.com";
const VIEWER = "viewer@example.com";
const ADMIN_PERMISSIONS = "deploy, manage, operate, view";

/**
 * One team admin takes a space app through its whole life with the real
 * Heroku CLI, while a member and a viewer of the team list and create apps.
 * The tests run in order and share one server.
 */
describe("space app lifecycle", () => {
  let server: ControlPlaneServer;
  let admin: HerokuCli;
  let member: HerokuCli;
  let viewer: HerokuCli;
  let adminToken: string;
  /** The 12-hex identifier in the default domain of my-space-app. */
  let identifier: string;

  /** Matches the stdout of `create` and `apps:rename`. Group 1 is the app's identifier. */
  const webAndGitUrls = (app: string) =>
    new RegExp(
      `^https://${app}-([0-9a-f]{12})\\.herokuapp\\.com/ \\| https://127\\.0\\.0\\.1:${server.port}/${app}\\.git\\n$`,
    );

  const accessRows = async (): Promise<string[][]> => {
    const result = await admin.run(["access", "-a", "my-space-app"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return tableRows(result.stdout);
  };

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    adminToken = await server.createAccount(ADMIN);
    const memberToken = await server.createAccount(MEMBER);
    const viewerToken = await server.createAccount(VIEWER);
    await server.admin("teams:create", TEAM, "--admin", ADMIN);
    admin = new HerokuCli({ apiUrl: server.url, token: adminToken });
    member = admin.withToken(memberToken);
    viewer = admin.withToken(viewerToken);
  });

  afterAll(async () => {
    admin?.cleanup();
    await server?.dispose();
  });

  it("spaces:create starts allocating", async () => {
    const result = await admin.run([
      "spaces:create",
      "--space",
      SPACE,
      "--team",
      TEAM,
      "--region",
      "tokyo",
    ]);

    expect(result.code).toBe(0);
    expect(unwrapBlocks(result.stderr)).toBe(
      `Creating space ${SPACE} in team ${TEAM}... done\n` +
        " ›   Warning: Spend Alert. Each Heroku Standard Private Space costs ~$1.39/hour (max $1000/month), pro-rated to the second.\n" +
        " ›   Warning: Use heroku spaces:wait to track allocation.\n",
    );
    expect(outputLines(result.stdout)).toEqual([
      `=== ${SPACE}`,
      "",
      expect.stringMatching(/^ID: {9}[0-9a-f-]{36}$/),
      `Team:       ${TEAM}`,
      "Region:     tokyo",
      "CIDR:       10.0.0.0/16",
      "Data CIDR:  172.23.0.0/20",
      "State:      allocating",
      "Shield:     off",
      "Generation: cedar",
      expect.stringMatching(/^Created at: \d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
      "",
    ]);
  });

  it("spaces:info shows region once allocated", async () => {
    let info: RunResult | undefined;
    await waitFor(
      async () => {
        info = await admin.run(["spaces:info", "--space", SPACE]);
        return outputLines(info.stdout).includes("State:        allocated");
      },
      {
        description: `${SPACE} to become allocated`,
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );

    expect(info?.code).toBe(0);
    expect(info?.stderr).toBe("");
    expect(outputLines(info?.stdout ?? "")).toEqual([
      `=== ${SPACE}`,
      "",
      expect.stringMatching(/^ID: {11}[0-9a-f-]{36}$/),
      `Team:         ${TEAM}`,
      "Region:       Tokyo, Japan",
      "CIDR:         10.0.0.0/16",
      "Data CIDR:    172.23.0.0/20",
      "State:        allocated",
      "Shield:       off",
      expect.stringMatching(/^Outbound IPs: [\d.]+, [\d.]+$/),
      "Generation:   cedar",
      expect.stringMatching(/^Created at: {3}\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
      "",
    ]);
  });

  it("members:add adds member and viewer", async () => {
    const added = await admin.run([
      "members:add",
      MEMBER,
      "--team",
      TEAM,
      "--role",
      "member",
    ]);
    expect(added.code).toBe(0);
    expect(added.stderr).toBe(
      `Adding ${MEMBER} to ${TEAM} as member... done\n`,
    );

    const addedViewer = await admin.run([
      "members:add",
      VIEWER,
      "--team",
      TEAM,
      "--role",
      "viewer",
    ]);
    expect(addedViewer.code).toBe(0);
    expect(addedViewer.stderr).toBe(
      `Adding ${VIEWER} to ${TEAM} as viewer... done\n`,
    );
  });

  it("members lists all three roles", async () => {
    const result = await admin.run(["members", "--team", TEAM]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(tableRows(result.stdout)).toEqual([
      ["email", "role"],
      [ADMIN, "admin"],
      [MEMBER, "member"],
      [VIEWER, "viewer"],
    ]);
  });

  it("space access grants create_apps", async () => {
    const access = (await apiRequest(
      server,
      adminToken,
      "PATCH",
      `/spaces/${SPACE}/members/${MEMBER}`,
      200,
      { permissions: [{ name: "create_apps" }] },
    )) as { user: { email: string }; permissions: { name: string }[] };

    expect(access.user.email).toBe(MEMBER);
    expect(access.permissions.map((permission) => permission.name)).toEqual([
      "create_apps",
    ]);
  });

  it("create by admin in space", async () => {
    const result = await admin.run([
      "create",
      "my-space-app",
      "--space",
      SPACE,
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Creating my-space-app in space ${SPACE}... done\n`,
    );
    expect(result.stdout).toMatch(webAndGitUrls("my-space-app"));
    identifier = webAndGitUrls("my-space-app").exec(result.stdout)?.[1] ?? "";
  });

  it("create by member with create_apps", async () => {
    const result = await member.run(["create", "member-app", "--space", SPACE]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Creating member-app in space ${SPACE}... done\n`,
    );
    expect(result.stdout).toMatch(webAndGitUrls("member-app"));
  });

  it("apps --space lists both for every role", async () => {
    const results = await Promise.all(
      [admin, member, viewer].map((cli) => cli.run(["apps", "--space", SPACE])),
    );

    for (const result of results) {
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        `=== Apps in space ${SPACE}\n\nmember-app (tokyo)\nmy-space-app (tokyo)\n`,
      );
    }
  });

  it("info shows space app details", async () => {
    const result = await admin.run(["info", "--app", "my-space-app"]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = outputLines(result.stdout);
    expect(lines[0]).toBe("=== my-space-app");
    expect(lines).toEqual(
      expect.arrayContaining([
        `Space:          ${SPACE}`,
        "Git URL:        https://git.heroku.com/my-space-app.git",
        `Web URL:        https://my-space-app-${identifier}.herokuapp.com/`,
        "Owner:          my-team@herokumanager.com",
        "Region:         tokyo",
        "Stack:          heroku-24",
      ]),
    );
  });

  it("access lists admin permissions", async () => {
    expect(await accessRows()).toEqual([
      ["email", "role", "permissions"],
      [ADMIN, "admin", ADMIN_PERMISSIONS],
    ]);
  });

  it("access:add grants view and deploy", async () => {
    const result = await admin.run([
      "access:add",
      MEMBER,
      "--permissions",
      "view,deploy",
      "-a",
      "my-space-app",
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Adding ${MEMBER} access to the app my-space-app with deploy, view permissions... done\n`,
    );
    expect(await accessRows()).toEqual([
      ["email", "role", "permissions"],
      [ADMIN, "admin", ADMIN_PERMISSIONS],
      [MEMBER, "member", "deploy, view"],
    ]);
  });

  it("access:update replaces permissions", async () => {
    const result = await admin.run([
      "access:update",
      MEMBER,
      "--permissions",
      "view,operate",
      "-a",
      "my-space-app",
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Updating ${MEMBER} in application my-space-app with operate,view permissions... done\n`,
    );
    expect(await accessRows()).toEqual([
      ["email", "role", "permissions"],
      [ADMIN, "admin", ADMIN_PERMISSIONS],
      [MEMBER, "member", "operate, view"],
    ]);
  });

  it("access:remove revokes access", async () => {
    const result = await admin.run([
      "access:remove",
      MEMBER,
      "-a",
      "my-space-app",
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Removing ${MEMBER} access from the app my-space-app... done\n`,
    );
    expect(await accessRows()).toEqual([
      ["email", "role", "permissions"],
      [ADMIN, "admin", ADMIN_PERMISSIONS],
    ]);
  });

  it("apps:rename keeps identifier", async () => {
    const result = await admin.run([
      "apps:rename",
      "my-renamed-app",
      "-a",
      "my-space-app",
    ]);

    expect(result.code).toBe(0);
    expect(unwrapBlocks(result.stderr)).toBe(
      "Renaming my-space-app to my-renamed-app... done\n" +
        " ›   Warning: Don't forget to update git remotes for all other local checkouts of the app.\n",
    );
    expect(result.stdout).toBe(
      `https://my-renamed-app-${identifier}.herokuapp.com/ | https://127.0.0.1:${server.port}/my-renamed-app.git\n`,
    );
  });

  it("info on old name not found", async () => {
    const result = await admin.run(["info", "--app", "my-space-app"]);

    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      apiErrorOutput("Couldn't find that app.", "not_found"),
    );
    expect(result.code).toBe(2);
  });

  it("apps:destroy removes the app", async () => {
    const destroyed = await admin.run([
      "apps:destroy",
      "-a",
      "my-renamed-app",
      "--confirm",
      "my-renamed-app",
    ]);
    expect(destroyed.code).toBe(0);
    expect(destroyed.stderr).toBe(
      "Destroying my-renamed-app (including all add-ons)... done\n",
    );

    const info = await admin.run(["info", "--app", "my-renamed-app"]);
    expect(info.stdout).toBe("");
    expect(info.stderr).toBe(
      apiErrorOutput("Couldn't find that app.", "not_found"),
    );
    expect(info.code).toBe(2);
  });

  it("create reuses freed name", async () => {
    const result = await admin.run([
      "create",
      "my-space-app",
      "--space",
      SPACE,
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `Creating my-space-app in space ${SPACE}... done\n`,
    );
    expect(result.stdout).toMatch(webAndGitUrls("my-space-app"));
    const newIdentifier = webAndGitUrls("my-space-app").exec(
      result.stdout,
    )?.[1];
    expect(newIdentifier).not.toBe(identifier);
  });
});
