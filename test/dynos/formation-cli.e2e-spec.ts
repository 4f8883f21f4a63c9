import { join } from "node:path";
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
import {
  APP,
  createSpace,
  createSpaceApp,
  dynoEnv,
  EventLog,
  listDynos,
  TEAM,
  waitForDynos,
} from "./dyno-support.js";

const DEPLOYER = "deployer@example.com";
const OPERATOR = "operator@example.com";
const FIR_SPACE = "my-fir-space";
const FIR_APP = "my-fir-app";

const ALL_DYNOS = ["web.1", "web.2", "web.3", "worker.1"];
const HA_WARNING =
  "Dynos of a space app are spread over 3 availability zones; scale to at least 3 to survive the loss of one zone.";
const SPACE_WARNING =
  " ›   Warning: Dynos can take up to a few minutes to be provisioned in Private Spaces.";

/** Matches the `ps` line of a dyno that is up, such as `web.1: up 2026/12/04 15:19:16 +0000 (~ 5s ago)`. */
const upLine = (name: string) =>
  expect.stringMatching(
    new RegExp(
      `^${name.replace(".", "\\.")}: up \\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4} \\(~ \\d+\\w+ ago\\)$`,
    ),
  );

function missingPermission(permission: string): string {
  return `You do not have the ${permission} permission on the app ${APP}: ask a team admin or a collaborator with manage to grant it.`;
}

/**
 * Scaling, resizing, restarting and stopping dynos and running one-off
 * dynos with the real Heroku CLI. The cases of "my-app" run in order and
 * build on the formation the previous case left.
 */
describe("formation with the CLI", () => {
  let server: ControlPlaneServer;
  let cli: HerokuCli;
  let deployer: HerokuCli;
  let operator: HerokuCli;
  let token: string;
  let log: EventLog;

  const formation = async () =>
    (
      (await apiRequest(
        server,
        token,
        "GET",
        `/apps/${APP}/formation`,
        200,
      )) as { type: string; quantity: number; size: string }[]
    ).map(({ type, quantity, size }) => `${type}=${quantity}:${size}`);

  const idsByName = async () =>
    Object.fromEntries(
      (await listDynos(server, token)).map((dyno) => [dyno.name, dyno.id]),
    );

  /** Waits until `renewed` run as new incarnations and every dyno of `expected` is up. */
  const waitForRenewal = async (
    before: Record<string, string>,
    renewed: string[],
    expected: string[],
  ) => {
    await waitFor(
      async () => {
        const after = await idsByName();
        return renewed.every(
          (name) => after[name] && after[name] !== before[name],
        );
      },
      { description: `new incarnations of ${renewed.join(", ")}` },
    );
    await waitForDynos(
      server,
      token,
      Object.fromEntries(expected.map((name) => [name, "up"])),
    );
  };

  const addMember = async (email: string, permissions: string[]) => {
    const memberToken = await server.createAccount(email);
    await apiRequest(server, token, "PUT", `/teams/${TEAM}/members`, 200, {
      email,
      role: "member",
    });
    await apiRequest(
      server,
      token,
      "POST",
      `/teams/apps/${APP}/collaborators`,
      201,
      { user: email, permissions },
    );
    return cli.withToken(memberToken);
  };

  beforeAll(async () => {
    server = await ControlPlaneServer.start({ env: dynoEnv() });
    ({ token } = await createSpaceApp(server));
    await createSpace(server, token, FIR_SPACE, "fir");
    await apiRequest(server, token, "POST", "/teams/apps", 201, {
      name: FIR_APP,
      space: FIR_SPACE,
    });
    cli = new HerokuCli({
      apiUrl: server.url,
      token,
      extraEnv: { NODE_EXTRA_CA_CERTS: join(server.dataDir, "ca.pem") },
    });
    deployer = await addMember(DEPLOYER, ["view", "deploy"]);
    operator = await addMember(OPERATOR, ["view", "operate"]);
    log = new EventLog(server.dataDir);
  }, 60_000);

  afterAll(async () => {
    await log?.close();
    cli?.cleanup();
    await server?.dispose();
  });

  describe("my-app", () => {
    it("scales web and worker", async () => {
      const result = await cli.run([
        "ps:scale",
        "web=2",
        "worker=1",
        "-a",
        APP,
      ]);

      expect(unwrapBlocks(result.stderr)).toBe(
        "Scaling dynos... done, now running web at 2:Private-S, worker at 1:Private-S\n" +
          ` ›   Warning: Process types running fewer than 3 dynos: web, worker. ${HA_WARNING}\n`,
      );
      expect(result.stdout).toBe("");
      expect(result.code).toBe(0);
      expect(await formation()).toEqual([
        "web=2:Private-S",
        "worker=1:Private-S",
      ]);
      await waitForDynos(server, token, {
        "web.1": "up",
        "web.2": "up",
        "worker.1": "up",
      });
    });

    it("scales web by +1", async () => {
      const result = await cli.run(["ps:scale", "web+1", "-a", APP]);

      expect(result.stderr).toBe(
        "Scaling dynos... done, now running web at 3:Private-S\n",
      );
      expect(result.code).toBe(0);
      await waitForDynos(server, token, {
        "web.1": "up",
        "web.2": "up",
        "web.3": "up",
        "worker.1": "up",
      });
    });

    it("prints the formation", async () => {
      const result = await cli.run(["ps:scale", "-a", APP]);

      expect(result.stdout).toBe("web=3:Private-S worker=1:Private-S\n");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    });

    it("resizes web", async () => {
      const before = await idsByName();

      const result = await cli.run(["ps:type", "web=Private-M", "-a", APP]);

      expect(result.stderr).toBe("Scaling dynos on my-app... done\n");
      expect(tableRows(result.stdout)).toEqual([
        ["=== Process Types"],
        ["type", "size", "qty", "cost/hour", "max cost/month"],
        ["web", "Private-M", "3", "~$1.875", "$1350"],
        ["worker", "Private-S", "1", "~$0.313", "$225"],
        ["=== Dyno Totals"],
        ["type", "total"],
        ["Private-M", "3"],
        ["Private-S", "1"],
      ]);
      expect(result.code).toBe(0);
      await waitForRenewal(before, ["web.1", "web.2", "web.3"], ALL_DYNOS);
      const dynos = await listDynos(server, token);
      expect(dynos.map((dyno) => `${dyno.name}:${dyno.size}`)).toEqual([
        "web.1:Private-M",
        "web.2:Private-M",
        "web.3:Private-M",
        "worker.1:Private-S",
      ]);
      // A dyno cannot change size while running, so each web dyno is new.
      const after = await idsByName();
      expect(after["web.1"]).not.toBe(before["web.1"]);
      expect(after["web.3"]).not.toBe(before["web.3"]);
      expect(after["worker.1"]).toBe(before["worker.1"]);
    });

    it("lists dynos by process type", async () => {
      const result = await cli.run(["ps", "-a", APP]);

      expect(outputLines(result.stdout)).toEqual([
        "=== web (Private-M): web (3)",
        "",
        upLine("web.1"),
        upLine("web.2"),
        upLine("web.3"),
        "",
        "=== worker (Private-S): worker (1)",
        "",
        upLine("worker.1"),
        "",
        "",
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    });

    it("restarts all dynos", async () => {
      const before = await idsByName();

      const result = await cli.run(["ps:restart", "-a", APP]);

      expect(result.stderr).toBe("Restarting all dynos on my-app... done\n");
      expect(result.code).toBe(0);
      await waitForRenewal(before, ALL_DYNOS, ALL_DYNOS);
      const after = await idsByName();
      for (const name of Object.keys(before)) {
        expect(after[name]).not.toBe(before[name]);
      }
    });

    it("restarts web dynos", async () => {
      const before = await idsByName();

      const result = await cli.run(["ps:restart", "-p", "web", "-a", APP]);

      expect(result.stderr).toBe(
        "Restarting all web dynos on my-app... done\n",
      );
      expect(result.code).toBe(0);
      await waitForRenewal(before, ["web.1", "web.2", "web.3"], ALL_DYNOS);
      const after = await idsByName();
      for (const name of ["web.1", "web.2", "web.3"]) {
        expect(after[name]).not.toBe(before[name]);
      }
      expect(after["worker.1"]).toBe(before["worker.1"]);
    });

    it("restarts web.1", async () => {
      const before = await idsByName();

      const result = await cli.run(["ps:restart", "-d", "web.1", "-a", APP]);

      expect(result.stderr).toBe("Restarting dyno web.1 on my-app... done\n");
      expect(result.code).toBe(0);
      await waitForRenewal(before, ["web.1"], ALL_DYNOS);
      const after = await idsByName();
      expect(after["web.1"]).not.toBe(before["web.1"]);
      expect({ ...after, "web.1": null }).toEqual({
        ...before,
        "web.1": null,
      });
    });

    it("stops web.1", async () => {
      const result = await cli.run(["ps:stop", "web.1", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        " ›   Warning: DYNO is a deprecated argument. Use --dyno-name or --process-type instead.\n" +
          "Stopping dyno web.1 on my-app... done\n",
      );
      expect(result.code).toBe(0);
      await waitForDynos(server, token, {
        "web.2": "up",
        "web.3": "up",
        "worker.1": "up",
      });
      // Stopping leaves the formation as it was.
      expect(await formation()).toEqual([
        "web=3:Private-M",
        "worker=1:Private-S",
      ]);
    });

    it("stops worker dynos", async () => {
      const result = await cli.run(["ps:stop", "-p", "worker", "-a", APP]);

      expect(result.stderr).toBe(
        "Stopping all worker dynos on my-app... done\n",
      );
      expect(result.code).toBe(0);
      await waitForDynos(server, token, { "web.2": "up", "web.3": "up" });
      expect(await formation()).toEqual([
        "web=3:Private-M",
        "worker=1:Private-S",
      ]);
    });
  });

  describe("one-off dynos", () => {
    it("runs a detached command", async () => {
      const result = await cli.run([
        "run:detached",
        "rake db:migrate",
        "-a",
        APP,
      ]);

      const name = /run\.\d{4}/.exec(result.stderr)?.[0] ?? "run.?";
      expect(unwrapBlocks(result.stderr)).toBe(
        `${SPACE_WARNING}\nRunning rake db:migrate on my-app... done, ${name}\n`,
      );
      expect(result.stdout).toBe(
        `Run heroku logs --app my-app --dyno ${name} to view the output.\n\n`,
      );
      expect(result.code).toBe(0);
      const requested = (
        await log.dynoEventsOfType("DynoProvisioningRequested")
      ).find((event) => event.data.name === name);
      expect(requested?.data).toMatchObject({
        type: "run",
        command: "rake db:migrate",
        size: "Private-S",
        origin: "run",
        attach: false,
      });
      // A detached run has no input, so it exits as soon as it is up.
      await waitFor(
        async () =>
          (await log.dynoEventsOfType("DynoExited")).some(
            (event) =>
              event.data.dynoId === requested?.data.dynoId &&
              event.data.exitCode === 0,
          ),
        { description: `${name} to exit with status 0`, timeoutMs: 10_000 },
      );
    });

    it("runs bash attached", async () => {
      const result = await cli.run(["run", "bash", "-a", APP], {
        input: "echo hi\n",
      });

      const name = /run\.\d{4}/.exec(result.stderr)?.[0] ?? "run.?";
      expect(unwrapBlocks(result.stderr)).toBe(
        `${SPACE_WARNING}\n` +
          `Running bash on my-app... starting, ${name}\n` +
          `Running bash on my-app... connecting, ${name}\n` +
          `Running bash on my-app... up, ${name}\n`,
      );
      expect(result.stdout).toBe(
        'Simulated dyno process for "bash": no command runs on the host.\n' +
          "> echo hi\n" +
          "Simulated process exited with status 0.\n",
      );
      expect(result.code).toBe(0);
      const requested = (
        await log.dynoEventsOfType("DynoProvisioningRequested")
      ).find((event) => event.data.name === name);
      expect(requested?.data).toMatchObject({ command: "bash", attach: true });
      await waitFor(
        async () =>
          (await log.dynoEventsOfType("DynoExited")).some(
            (event) =>
              event.data.dynoId === requested?.data.dynoId &&
              event.data.exitCode === 0,
          ),
        { description: `${name} to exit with status 0`, timeoutMs: 10_000 },
      );
    });

    it("refuses run in a fir space", async () => {
      const result = await cli.run(["run", "bash", "-a", FIR_APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          `One-off dynos are not available for apps in fir spaces like ${FIR_SPACE}: use heroku run:inside DYNO COMMAND to run a command in a running dyno.`,
          "invalid_params",
        ),
      );
      expect(result.stdout).toBe("");
      expect(result.code).toBe(2);
      const response = await server.request(
        "POST",
        `/apps/${FIR_APP}/dynos`,
        token,
        { command: "bash", attach: true },
      );
      expect(response.status).toBe(422);
    });
  });

  describe("denials", () => {
    let formationBefore: string[];
    let dynosBefore: Record<string, string>;

    beforeEach(async () => {
      formationBefore = await formation();
      dynosBefore = await idsByName();
    });

    afterEach(async () => {
      expect(await formation()).toEqual(formationBefore);
      expect(await idsByName()).toEqual(dynosBefore);
    });

    it("ps:scale without operate", async () => {
      const result = await deployer.run(["ps:scale", "web=5", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          missingPermission("operate"),
          "forbidden",
          "Scaling dynos",
        ),
      );
      expect(result.code).toBe(2);
    });

    it("ps:restart without operate", async () => {
      const result = await deployer.run(["ps:restart", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          missingPermission("operate"),
          "forbidden",
          "Restarting all dynos on my-app",
        ),
      );
      expect(result.code).toBe(2);
    });

    it("ps:stop without operate", async () => {
      const result = await deployer.run(["ps:stop", "-p", "web", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          missingPermission("operate"),
          "forbidden",
          "Stopping all web dynos on my-app",
        ),
      );
      expect(result.code).toBe(2);
    });

    it("run without deploy", async () => {
      const requestedBefore = await log.dynoEventsOfType(
        "DynoProvisioningRequested",
      );

      const result = await operator.run(["run", "bash", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(missingPermission("deploy"), "forbidden"),
      );
      expect(result.code).toBe(2);
      expect(
        await log.dynoEventsOfType("DynoProvisioningRequested"),
      ).toHaveLength(requestedBefore.length);
    });

    it("unknown process type", async () => {
      const result = await cli.run(["ps:scale", "nope=1", "-a", APP]);

      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(
          "Couldn't find that process type (nope).",
          "invalid_params",
          "Scaling dynos",
        ),
      );
      expect(result.code).toBe(2);
    });

    it("Common Runtime size in a space", async () => {
      const result = await cli.run([
        "ps:scale",
        "web=1:Standard-1X",
        "-a",
        APP,
      ]);

      const message =
        'Dyno size "Standard-1X" is not available for this app: use Private-S, Private-M, Private-L.';
      expect(unwrapBlocks(result.stderr)).toBe(
        apiErrorOutput(message, "invalid_params", "Scaling dynos"),
      );
      expect(result.code).toBe(2);
      const response = await server.request(
        "PATCH",
        `/apps/${APP}/formation`,
        token,
        { updates: [{ type: "web", quantity: "1", size: "Standard-1X" }] },
      );
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        id: "invalid_params",
        message,
      });
    });
  });
});
