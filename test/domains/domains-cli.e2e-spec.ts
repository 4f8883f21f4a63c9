import {
  apiErrorOutput,
  apiRequest,
  outputLines,
  tableRows,
  unwrapBlocks,
} from "../e2e/cli-output.js";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { HerokuCli } from "../support/heroku-cli.js";
import { waitFor } from "../support/wait-for.js";

const TEAM = "my-team";
const APP = "my-app";
const ADMIN = "admin@example.com";
const MEMBER = "member@example.com";
const OUTSIDER = "outsider@example.com";
const DNS_TARGET = /^[a-z]+-[a-z]+-[0-9a-f]{12}\.herokudns\.com$/;

/**
 * A team admin manages an app's custom domains and ACM with the real
 * Heroku CLI; a member with only view and an outsider are turned away.
 * The tests run in order and share one server.
 */
describe("domains with the Heroku CLI", () => {
  let server: ControlPlaneServer;
  let admin: HerokuCli;
  let member: HerokuCli;
  let outsider: HerokuCli;
  /** `my-app-<identifier>.herokuapp.com`. */
  let defaultDomain: string;
  /** DNS target of www.example.com. */
  let target: string;

  beforeAll(async () => {
    server = await ControlPlaneServer.start();
    const adminToken = await server.createAccount(ADMIN);
    const memberToken = await server.createAccount(MEMBER);
    const outsiderToken = await server.createAccount(OUTSIDER);
    await server.admin("teams:create", TEAM, "--admin", ADMIN);
    await apiRequest(server, adminToken, "PUT", `/teams/${TEAM}/members`, 200, {
      email: MEMBER,
      role: "member",
    });
    const app = (await apiRequest(
      server,
      adminToken,
      "POST",
      "/teams/apps",
      201,
      {
        name: APP,
        team: TEAM,
      },
    )) as { web_url: string };
    defaultDomain = new URL(app.web_url).hostname;
    await apiRequest(
      server,
      adminToken,
      "POST",
      `/teams/apps/${APP}/collaborators`,
      201,
      { user: MEMBER, permissions: ["view"] },
    );
    admin = new HerokuCli({ apiUrl: server.url, token: adminToken });
    member = admin.withToken(memberToken);
    outsider = admin.withToken(outsiderToken);
  }, 60_000);

  afterAll(async () => {
    admin?.cleanup();
    await server?.dispose();
  });

  it("domains shows the default domain", async () => {
    const result = await admin.run(["domains", "-a", APP]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([
      `=== ${APP} Heroku Domain`,
      "",
      defaultDomain,
      "",
    ]);
  });

  it("domains:add prints the DNS target", async () => {
    const result = await admin.run([
      "domains:add",
      "www.example.com",
      "-a",
      APP,
    ]);

    expect(result.stderr).toBe(`Adding www.example.com to ${APP}... done\n`);
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    const match =
      /^Configure your app's DNS provider to point to the DNS Target (\S+)\.$/.exec(
        lines[0] ?? "",
      );
    target = match?.[1] ?? "";
    expect(target).toMatch(DNS_TARGET);
    expect(lines.slice(1)).toEqual([
      "    For help, see https://devcenter.heroku.com/articles/custom-domains",
      "",
      "The domain www.example.com has been enqueued for addition",
      "Run heroku domains:wait www.example.com to wait for completion",
      "",
    ]);
  });

  it("domains:wait finishes", async () => {
    const result = await admin.run(
      ["domains:wait", "www.example.com", "-a", APP],
      {
        timeoutMs: 30_000,
      },
    );

    expect(result.stderr).toBe("Waiting for www.example.com... done\n");
    expect(result.code).toBe(0);
  });

  it("domains lists the custom domain", async () => {
    const result = await admin.run(["domains", "-a", APP]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout);
    expect(lines.slice(0, 6)).toEqual([
      `=== ${APP} Heroku Domain`,
      "",
      defaultDomain,
      "",
      "",
      `=== ${APP} Custom Domains`,
    ]);
    expect(tableRows(lines.slice(6).join("\n"))).toEqual([
      ["Domain Name", "DNS Record Type", "DNS Target", "SNI Endpoint"],
      ["www.example.com", "CNAME", target],
    ]);
  });

  it("domains --json prints both domains", async () => {
    const result = await admin.run(["domains", "-a", APP, "--json"]);

    expect(result.code).toBe(0);
    const domains = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(
      domains.map((domain) => [domain.kind, domain.hostname, domain.cname]),
    ).toEqual([
      ["heroku", defaultDomain, null],
      ["custom", "www.example.com", target],
    ]);
  });

  it("domains:info prints the DNS check", async () => {
    const result = await admin.run([
      "domains:info",
      "www.example.com",
      "-a",
      APP,
    ]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([
      `app:               ${APP}`,
      `cname:             ${target}`,
      expect.stringMatching(/^created_at: {8}\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      "dns_status:        lookup-failed",
      "dns_status_reason: The DNS lookup of www.example.com failed (the name server refused the connection). Check that the domain's name servers answer, then check again.",
      "hostname:          www.example.com",
      expect.stringMatching(/^id: {16}[0-9a-f-]{36}$/),
      "kind:              custom",
      "status:            succeeded",
      expect.stringMatching(/^updated_at: {8}\d{4}-\d\d-\d\dT[\d:.]+Z$/),
      "",
    ]);
  });

  it("certs:auto shows ACM disabled", async () => {
    const result = await admin.run(["certs:auto", "-a", APP]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([
      `=== Automatic Certificate Management is disabled on ${APP}`,
      "",
      "",
    ]);
  });

  it("certs:auto:enable finishes with its header", async () => {
    const result = await admin.run(["certs:auto:enable", "-a", APP]);

    expect(result.stderr).toBe(
      "Enabling Automatic Certificate Management... starting. See status with heroku certs:auto or wait until active with heroku certs:auto --wait\n",
    );
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([
      "=== Your certificate will now be managed by Heroku. Check the status by running heroku certs:auto.",
      "",
      "",
    ]);
  });

  it("certs:auto shows why the certificate waits", async () => {
    // The test server's DNS queries go to a closed port, so the DNS check
    // before the order fails and no certificate is issued.
    let reason = "";
    await waitFor(
      async () => {
        const domains = (await apiRequest(
          server,
          admin.token,
          "GET",
          `/apps/${APP}/domains`,
          200,
        )) as {
          hostname: string;
          acm_status: string | null;
          acm_status_reason: string | null;
        }[];
        const www = domains.find(
          (domain) => domain.hostname === "www.example.com",
        );
        reason = www?.acm_status_reason ?? "";
        return www?.acm_status === "failing";
      },
      { description: "the failing ACM status of www.example.com" },
    );
    const result = await admin.run(["certs:auto", "-a", APP]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(reason).toBe(
      "The DNS lookup of www.example.com failed (the name server refused the connection). Check that the domain's name servers answer, then check again.",
    );
    const lines = outputLines(result.stdout);
    expect(lines.slice(0, 2)).toEqual([
      `=== Automatic Certificate Management is enabled on ${APP}`,
      "",
    ]);
    const rows = tableRows(lines.slice(2).join("\n"));
    expect(rows).toContainEqual(["Domain", "Status", "Reason", "Last Updated"]);
    expect(rows).toContainEqual([
      "www.example.com",
      "Failing",
      reason,
      "less than a minute",
    ]);
    expect(lines).toContain(
      "=== Some domains are failing validation, please verify that your DNS matches: heroku domains",
    );
  });

  it("certs:auto:refresh restarts failed certificates", async () => {
    const result = await admin.run(["certs:auto:refresh", "-a", APP]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "Refreshing Automatic Certificate Management... done\n",
    );
    expect(result.stdout).toBe("");
  });

  it("member without manage cannot refresh ACM", async () => {
    const result = await member.run(["certs:auto:refresh", "-a", APP]);

    expect(result.code).toBe(2);
    expect(unwrapBlocks(result.stderr)).toContain(
      ` ›   Error: You do not have the manage permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.\n`,
    );
  });

  it("member without manage cannot add", async () => {
    const result = await member.run([
      "domains:add",
      "api.example.com",
      "-a",
      APP,
    ]);

    expect(result.code).toBe(2);
    expect(unwrapBlocks(result.stderr)).toBe(
      `Adding api.example.com to ${APP}... done\n` +
        apiErrorOutput(
          `You do not have the manage permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.`,
          "forbidden",
        ),
    );
  });

  it("member without manage cannot remove", async () => {
    const result = await member.run([
      "domains:remove",
      "www.example.com",
      "-a",
      APP,
    ]);

    expect(result.code).toBe(2);
    expect(unwrapBlocks(result.stderr)).toBe(
      apiErrorOutput(
        `You do not have the manage permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.`,
        "forbidden",
        `Removing www.example.com from ${APP}`,
      ),
    );
  });

  it("member without manage cannot disable ACM", async () => {
    const result = await member.run([
      "certs:auto:disable",
      "-a",
      APP,
      "--confirm",
      APP,
    ]);

    expect(result.code).toBe(2);
    expect(unwrapBlocks(result.stderr)).toContain(
      ` ›   Error: You do not have the manage permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.\n`,
    );
  });

  it("member with view lists domains", async () => {
    const result = await member.run(["domains", "-a", APP]);

    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toContain(`=== ${APP} Custom Domains`);
  });

  it("outsider cannot see the domains", async () => {
    const result = await outsider.run(["domains", "-a", APP]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(unwrapBlocks(result.stderr)).toBe(
      apiErrorOutput("Couldn't find that app.", "not_found"),
    );
  });

  it("domains:add of a taken hostname", async () => {
    const result = await admin.run([
      "domains:add",
      "WWW.example.com",
      "-a",
      APP,
    ]);

    expect(result.code).toBe(2);
    expect(unwrapBlocks(result.stderr)).toBe(
      `Adding WWW.example.com to ${APP}... done\n` +
        apiErrorOutput(
          "Hostname www.example.com is already taken.",
          "invalid_params",
        ),
    );
  });

  it("certs:auto:disable turns ACM off", async () => {
    const result = await admin.run([
      "certs:auto:disable",
      "-a",
      APP,
      "--confirm",
      APP,
    ]);

    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "Disabling Automatic Certificate Management... done\n",
    );
    const auto = await admin.run(["certs:auto", "-a", APP]);
    expect(outputLines(auto.stdout)[0]).toBe(
      `=== Automatic Certificate Management is disabled on ${APP}`,
    );
  });

  it("domains:remove removes the domain", async () => {
    const result = await admin.run([
      "domains:remove",
      "www.example.com",
      "-a",
      APP,
    ]);

    expect(result.stderr).toBe(
      `Removing www.example.com from ${APP}... done\n`,
    );
    expect(result.code).toBe(0);
    await waitFor(
      async () => {
        const listed = await admin.run(["domains", "-a", APP]);
        return !listed.stdout.includes("www.example.com");
      },
      {
        description: "www.example.com to leave the listing",
        timeoutMs: 20_000,
      },
    );
  });
});
