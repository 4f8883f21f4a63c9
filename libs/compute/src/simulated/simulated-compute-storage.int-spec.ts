import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";

import Database from "better-sqlite3";

import {
  ComputeUnavailableError,
  DynoSpecConflictError,
} from "../compute.port.js";
import { SimulatedComputeDriver } from "./simulated-compute-driver.js";
import {
  DriverFiles,
  dynoSpec,
  ManualClock,
} from "./simulated-driver-fixtures.js";

describe("SimulatedComputeDriver", () => {
  let files: DriverFiles;
  let clock: ManualClock;
  let appId: string;

  beforeEach(() => {
    files = new DriverFiles();
    clock = new ManualClock();
    appId = randomUUID();
  });

  afterEach(async () => {
    await files.release();
  });

  async function zonesOf(
    driver: SimulatedComputeDriver,
    app: string,
    names: string[],
  ): Promise<string[]> {
    const zones: string[] = [];
    for (const name of names) {
      const status = await driver.provision(dynoSpec(app, name));
      zones.push("zone" in status ? status.zone : status.state);
    }
    return zones;
  }

  describe("zone placement", () => {
    it("3 dynos get one zone each", async () => {
      const driver = files.open({ clock: clock.now });

      const zones = await zonesOf(driver, appId, ["web.1", "web.2", "web.3"]);

      expect(zones).toEqual(["a", "b", "c"]);
    });

    it("6 dynos get two per zone", async () => {
      const driver = files.open({ clock: clock.now });
      const names = [1, 2, 3, 4, 5, 6].map((index) => `web.${index}`);

      const zones = await zonesOf(driver, appId, names);

      expect(zones).toEqual(["a", "b", "c", "a", "b", "c"]);
    });

    it("types and apps are placed apart", async () => {
      const driver = files.open({ clock: clock.now });

      const web = await zonesOf(driver, appId, ["web.1", "web.2"]);
      const worker = await zonesOf(driver, appId, ["worker.1"]);
      const otherApp = await zonesOf(driver, randomUUID(), ["web.1"]);

      expect(web).toEqual(["a", "b"]);
      expect(worker).toEqual(["a"]);
      expect(otherApp).toEqual(["a"]);
    });

    it("stopped dyno frees its zone", async () => {
      const driver = files.open({ clock: clock.now });
      const second = dynoSpec(appId, "web.2");
      await zonesOf(driver, appId, ["web.1"]);
      await driver.provision(second);
      await zonesOf(driver, appId, ["web.3"]);

      await driver.stop(second.dynoId);
      const zones = await zonesOf(driver, appId, ["web.4"]);

      expect(zones).toEqual(["b"]);
    });

    it("zones option sets zones and tie order", async () => {
      const driver = files.open({ zones: ["z2", "z1"], clock: clock.now });

      const zones = await zonesOf(driver, appId, ["web.1", "web.2", "web.3"]);

      expect(zones).toEqual(["z2", "z1", "z2"]);
    });
  });

  describe("persistence", () => {
    it("idempotency and counters survive reopen", async () => {
      const first = files.open({ clock: clock.now });
      const spec = dynoSpec(appId, "web.1");
      const provisioned = await first.provision(spec);
      await first.provision(spec);
      await first.close();

      const reopened = files.open({ clock: clock.now });
      const repeated = await reopened.provision(spec);

      expect(repeated).toEqual(provisioned);
      expect(reopened.provisionCount(spec.dynoId)).toBe(1);
      expect(reopened.provisionCalls(spec.dynoId)).toBe(3);
      expect(reopened.duplicateProvisions()).toEqual([]);
      expect(reopened.liveDynos(appId).map((dyno) => dyno.name)).toEqual([
        "web.1",
      ]);
    });

    it("placement survives reopen", async () => {
      const first = files.open({ clock: clock.now });
      await zonesOf(first, appId, ["web.1", "web.2"]);
      await first.close();

      const reopened = files.open({ clock: clock.now });

      expect(await zonesOf(reopened, appId, ["web.3"])).toEqual(["c"]);
    });

    it("provisioning survives a killed process", async () => {
      const spec = dynoSpec(appId, "web.1");
      const moduleUrl = new URL(
        "./simulated-compute-driver.js",
        import.meta.url,
      );
      // The child provisions, prints the status and is killed without close().
      const script = `
        const { SimulatedComputeDriver } = await import(process.argv[1]);
        const driver = new SimulatedComputeDriver(process.argv[2], { provisionDelayMs: 0 });
        const status = await driver.provision(JSON.parse(process.argv[3]));
        process.stdout.write(JSON.stringify(status), () => process.kill(process.pid, "SIGKILL"));
      `;

      const child = promisify(execFile)(process.execPath, [
        "--input-type=module",
        "--eval",
        script,
        moduleUrl.href,
        files.path,
        JSON.stringify(spec),
      ]);
      const failure = await child.then(
        () => new Error("child exited normally"),
        (error: { signal?: string; stdout?: string }) => error,
      );

      expect(failure).toMatchObject({ signal: "SIGKILL" });
      const printed = JSON.parse((failure as { stdout: string }).stdout);
      expect(printed.state).toBe("up");
      const reopened = files.open({ provisionDelayMs: 0 });
      const repeated = await reopened.provision(spec);
      expect(repeated).toEqual({
        state: "up",
        zone: printed.zone,
        upSince: new Date(printed.upSince),
      });
      expect(reopened.provisionCount(spec.dynoId)).toBe(1);
    });

    it("file uses WAL mode", () => {
      files.open();
      const inspector = new Database(files.path, { readonly: true });
      try {
        expect(inspector.pragma("journal_mode", { simple: true })).toBe("wal");
      } finally {
        inspector.close();
      }
    });
  });

  describe("errors", () => {
    it("closed driver rejects as unavailable", async () => {
      const driver = files.open();
      await driver.close();
      await driver.close();

      const spec = dynoSpec(appId, "web.1");
      await expect(driver.provision(spec)).rejects.toBeInstanceOf(
        ComputeUnavailableError,
      );
      await expect(driver.status(spec.dynoId)).rejects.toBeInstanceOf(
        ComputeUnavailableError,
      );
      await expect(driver.stop(spec.dynoId)).rejects.toBeInstanceOf(
        ComputeUnavailableError,
      );
      expect(() => driver.provisionCount(spec.dynoId)).toThrow(
        ComputeUnavailableError,
      );
    });

    it("locked file rejects as unavailable", async () => {
      const driver = files.open({ busyTimeoutMs: 50 });
      const spec = dynoSpec(appId, "web.1");
      const otherProcess = new Database(files.path);

      try {
        otherProcess.exec("BEGIN IMMEDIATE");
        await expect(driver.provision(spec)).rejects.toBeInstanceOf(
          ComputeUnavailableError,
        );
        otherProcess.exec("ROLLBACK");
      } finally {
        otherProcess.close();
      }

      expect((await driver.provision(spec)).state).toBe("starting");
      expect(driver.provisionCount(spec.dynoId)).toBe(1);
    });

    it("changed spec names the differing fields", async () => {
      const driver = files.open();
      const spec = dynoSpec(appId, "web.1");
      await driver.provision(spec);

      const changed = driver.provision({
        ...spec,
        size: "Private-L",
        command: "x",
      });

      await expect(changed).rejects.toBeInstanceOf(DynoSpecConflictError);
      await expect(changed).rejects.toMatchObject({
        dynoId: spec.dynoId,
        fields: ["size", "command"],
      });
      expect(driver.provisionCalls(spec.dynoId)).toBe(1);
    });

    it.each([
      ["attempt 0", { attempt: 0 }, /attempt/],
      ["fractional attempt", { attempt: 1.5 }, /attempt/],
      ["empty dynoId", { dynoId: "" }, /dynoId/],
      ["empty appId", { appId: "" }, /appId/],
    ])("spec with %s is rejected", async (_case, overrides, message) => {
      const driver = files.open();

      await expect(
        driver.provision(dynoSpec(appId, "web.1", overrides)),
      ).rejects.toThrow(message);
    });

    it.each([
      ["negative delay", { provisionDelayMs: -1 }, /provisionDelayMs/],
      ["infinite delay", { provisionDelayMs: Infinity }, /provisionDelayMs/],
      ["failureRate above 1", { failureRate: 1.5 }, /failureRate/],
      ["NaN failureRate", { failureRate: NaN }, /failureRate/],
      ["no zones", { zones: [] }, /zones/],
      ["repeated zone", { zones: ["a", "a"] }, /zones/],
      ["negative busy timeout", { busyTimeoutMs: -5 }, /busyTimeoutMs/],
    ])("option %s is rejected", (_case, options, message) => {
      expect(() => new SimulatedComputeDriver(":memory:", options)).toThrow(
        message,
      );
    });
  });
});
