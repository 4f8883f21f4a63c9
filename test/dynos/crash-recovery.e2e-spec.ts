import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ControlPlaneServer } from "../support/control-plane-server.js";
import { waitFor } from "../support/wait-for.js";
import {
  createSpaceApp,
  dynoEnv,
  EventLog,
  isAlive,
  named,
  openDriver,
  scale,
  waitForDynos,
} from "./dyno-support.js";

const WEB = ["web.1", "web.2", "web.3", "web.4", "web.5"];

/**
 * The server is killed with SIGKILL during a scale-up of web to 5 and
 * restarted on the same data folder. Whatever the moment of the kill, the
 * formation converges: web.1 to web.5 up, each dyno id up once and
 * provisioned once.
 */
describe("crash recovery", () => {
  let dataDir: string;
  let server: ControlPlaneServer | undefined;
  let log: EventLog | undefined;

  /** Starts a server on the test's data folder, which the server never deletes. */
  const start = async (env: Record<string, string>) => {
    server = await ControlPlaneServer.start({ dataDir, env: dynoEnv(env) });
    // Opened once the server created the log, so the test never creates it.
    log ??= new EventLog(dataDir);
    return server;
  };

  /** Kills the server with SIGKILL, or reaps it when it died already. */
  const kill = async (running: ControlPlaneServer) => {
    await running.stop("SIGKILL");
    expect(await isAlive(running)).toBe(false);
  };

  const countOf = async (type: string) =>
    (await log!.dynoEventsOfType(type)).length;

  /** Waits for web.1 to web.5 to be up and checks that no dyno ran twice. */
  const expectConverged = async (
    running: ControlPlaneServer,
    token: string,
    appId: string,
  ) => {
    await waitForDynos(running, token, named("web", 5, "up"), 20_000);

    const ids = await log!.requestedIds();
    expect([...ids.keys()].sort()).toEqual(WEB);
    for (const name of WEB) {
      expect({ name, ids: ids.get(name)?.length }).toEqual({ name, ids: 1 });
    }
    const dynoIds = WEB.map((name) => ids.get(name)?.[0] ?? "");
    const ups = await log!.countPerDyno("DynoUp");
    expect(Object.fromEntries(ups)).toEqual(
      Object.fromEntries(dynoIds.map((dynoId) => [dynoId, 1])),
    );

    const driver = openDriver(dataDir);
    try {
      expect(driver.duplicateProvisions()).toEqual([]);
      expect(dynoIds.map((dynoId) => driver.provisionCount(dynoId))).toEqual([
        1, 1, 1, 1, 1,
      ]);
      expect(
        driver.liveDynos(appId).map((dyno) => `${dyno.name}:${dyno.state}`),
      ).toEqual(WEB.map((name) => `${name}:up`));
    } finally {
      await driver.close();
    }
  };

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), "dyno-crash-"));
  });

  afterEach(async () => {
    await server?.stop("SIGKILL");
    server = undefined;
    await log?.close();
    log = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("kill after PATCH returned", async () => {
    const env = { DYNO_PROVISION_DELAY_MS: "300" };
    const first = await start(env);
    const { token, appId } = await createSpaceApp(first);

    await scale(first, token, { web: 5 });
    await kill(first);

    // The accepted change is durable even though no dyno was up yet.
    const changes = await log!.eventsOfType("FormationChanged");
    expect(changes.map((event) => event.data.start)).toEqual([
      WEB.map((name) => expect.objectContaining({ name })),
    ]);
    expect(await countOf("DynoUp")).toBe(0);
    const restarted = await start(env);
    await expectConverged(restarted, token, appId);
  });

  it("kill while dynos start", async () => {
    const env = { DYNO_PROVISION_DELAY_MS: "800" };
    const first = await start(env);
    const { token, appId } = await createSpaceApp(first);

    await scale(first, token, { web: 5 });
    await waitFor(
      async () => (await countOf("DynoProvisioningAttempted")) > 0,
      {
        description: "a first provisioning attempt",
        intervalMs: 10,
      },
    );
    await kill(first);

    expect(await countOf("DynoUp")).toBeLessThan(5);
    const restarted = await start(env);
    await expectConverged(restarted, token, appId);
  });

  it("kill after the driver call", async () => {
    const first = await start({ CRASH_AT: "after-driver-provision:3" });
    const { token, appId } = await createSpaceApp(first);

    await scale(first, token, { web: 5 });
    // NOTE: fails while the provisioning saga never calls
    // crashPoint("after-driver-provision") after driver.provision.
    await waitFor(async () => !(await isAlive(first)), {
      description: "CRASH_AT=after-driver-provision:3 to kill the server",
      timeoutMs: 10_000,
    });
    await kill(first);

    expect(first.logs).toContain(
      "CRASH_AT=after-driver-provision:3: killing the process at after-driver-provision",
    );
    // The third call reached the driver, but its outcome was never recorded.
    expect(await countOf("DynoProvisioningAttempted")).toBe(3);
    expect(await countOf("DynoUp")).toBe(2);
    const restarted = await start({});
    await expectConverged(restarted, token, appId);
  });

  it("retry timer survives a restart", async () => {
    const backoff = { DYNO_RETRY_BACKOFF_MS: "1500" };
    const first = await start({ ...backoff, DYNO_FAIL_DYNOS: "web.1" });
    const { token, appId } = await createSpaceApp(first);

    await scale(first, token, { web: 1 });
    await waitFor(async () => (await countOf("DynoProvisioningFailed")) > 0, {
      description: "the first failed attempt of web.1",
      intervalMs: 10,
    });
    await kill(first);

    const retry = (await log!.dynoEventsOfType("TimerScheduled")).find(
      (event) => event.data.purpose === "retry",
    );
    expect(retry?.data).toMatchObject({ attempt: 2 });
    const timerId = String(retry?.data.timerId);
    expect(await countOf("TimerFired")).toBe(0);

    const restarted = await start(backoff);
    await waitForDynos(restarted, token, { "web.1": "up" });

    const dynoId = String(retry?.data.dynoId);
    const fired = (await log!.dynoEventsOfType("TimerFired")).filter(
      (event) => event.data.timerId === timerId,
    );
    expect(fired).toHaveLength(1);
    const attempts = (
      await log!.dynoEventsOfType("DynoProvisioningAttempted")
    ).filter((event) => event.data.dynoId === dynoId);
    expect(attempts.map((event) => event.data.attempt)).toEqual([1, 2]);
    expect(Date.parse(String(attempts[1]?.data.at))).toBeGreaterThanOrEqual(
      Date.parse(String(retry?.data.dueAt)),
    );
    const ups = (await log!.dynoEventsOfType("DynoUp")).filter(
      (event) => event.data.dynoId === dynoId,
    );
    expect(ups.map((event) => event.data.attempt)).toEqual([2]);

    const driver = openDriver(dataDir);
    try {
      expect(driver.provisionCount(dynoId)).toBe(2);
      expect(driver.duplicateProvisions()).toEqual([]);
      expect(driver.liveDynos(appId).map((dyno) => dyno.name)).toEqual([
        "web.1",
      ]);
    } finally {
      await driver.close();
    }
  });
});
