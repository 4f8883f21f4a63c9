import { randomUUID } from "node:crypto";

import { describeComputeDriverContract } from "../contract/compute-driver.contract.js";
import { SimulatedComputeDriver } from "./simulated-compute-driver.js";
import {
  DriverFiles,
  dynoSpec,
  ManualClock,
  scriptedRandom,
  seededRandom,
} from "./simulated-driver-fixtures.js";

describeComputeDriverContract(
  "SimulatedComputeDriver without delay",
  async () => {
    const driver = new SimulatedComputeDriver(":memory:", {
      provisionDelayMs: 0,
    });
    return {
      driver,
      cleanup: () => driver.close(),
      provisionCount: (dynoId) => driver.provisionCount(dynoId),
    };
  },
);

describeComputeDriverContract("SimulatedComputeDriver with delay", async () => {
  const files = new DriverFiles();
  const driver = files.open({ provisionDelayMs: 150 });
  return {
    driver,
    cleanup: () => files.release(),
    provisionCount: (dynoId) => driver.provisionCount(dynoId),
  };
});

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

  describe("failure injection", () => {
    it("failDynos fails every attempt of a name", async () => {
      const driver = files.open({ failDynos: ["web.2"], clock: clock.now });
      const [first, second, third] = ["web.1", "web.2", "web.3"].map((name) =>
        dynoSpec(appId, name),
      );

      await driver.provision(first!);
      const failed = await driver.provision(second!);
      await driver.provision(third!);
      const retried = await driver.provision({ ...second!, attempt: 2 });

      expect(failed.state).toBe("failed");
      if (failed.state !== "failed") return;
      expect(failed.reason).toContain("web.2");
      expect(failed.reason).toContain("failDynos");
      expect(retried.state).toBe("failed");
      expect(await driver.status(second!.dynoId)).toEqual(retried);
      expect(driver.provisionCount(second!.dynoId)).toBe(2);
      expect(driver.liveDynos(appId).map((dyno) => dyno.zone)).toEqual([
        "a",
        "b",
      ]);
    });

    it("failDynos matches dyno ids", async () => {
      const spec = dynoSpec(appId, "web.1");
      const driver = files.open({ failDynos: [spec.dynoId] });

      expect((await driver.provision(spec)).state).toBe("failed");
      const other = await driver.provision(dynoSpec(appId, "web.2"));
      expect(other.state).toBe("starting");
    });

    it("failureRate fails draws below it", async () => {
      const driver = files.open({
        failureRate: 0.3,
        random: scriptedRandom([0.29, 0.3]),
      });
      const [first, second] = [
        dynoSpec(appId, "web.1"),
        dynoSpec(appId, "web.2"),
      ];

      const failed = await driver.provision(first!);
      const started = await driver.provision(second!);

      expect(failed.state).toBe("failed");
      if (failed.state !== "failed") return;
      expect(failed.reason).toContain("failureRate 0.3");
      expect(started.state).toBe("starting");
    });

    it("seeded failureRate repeats outcomes", async () => {
      const outcomes = async (driver: SimulatedComputeDriver) => {
        const states: string[] = [];
        for (let index = 1; index <= 40; index += 1) {
          const spec = dynoSpec(appId, `web.${index}`, { dynoId: `d${index}` });
          states.push((await driver.provision(spec)).state);
        }
        return states;
      };
      const options = { failureRate: 0.5, provisionDelayMs: 0 };
      const first = new SimulatedComputeDriver(":memory:", {
        ...options,
        random: seededRandom(42),
      });
      const second = new SimulatedComputeDriver(":memory:", {
        ...options,
        random: seededRandom(42),
      });

      try {
        const firstStates = await outcomes(first);
        const failures = firstStates.filter((state) => state === "failed");

        expect(await outcomes(second)).toEqual(firstStates);
        expect(failures.length).toBeGreaterThan(0);
        expect(failures.length).toBeLessThan(40);
        expect(first.duplicateProvisions()).toEqual([]);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    });

    it("failureRate 1 fails every attempt", async () => {
      const driver = files.open({ failureRate: 1 });
      const spec = dynoSpec(appId, "web.1");

      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const status = await driver.provision({ ...spec, attempt });
        expect(status.state).toBe("failed");
      }
      expect(driver.provisionCount(spec.dynoId)).toBe(3);
    });

    it("repeated failed attempt draws nothing", async () => {
      const driver = files.open({
        failureRate: 0.5,
        random: scriptedRandom([0.1]),
      });
      const spec = dynoSpec(appId, "web.1");

      const failed = await driver.provision(spec);
      const repeated = await driver.provision(spec);

      expect(failed.state).toBe("failed");
      expect(repeated).toEqual(failed);
      expect(driver.provisionCount(spec.dynoId)).toBe(1);
      expect(driver.provisionCalls(spec.dynoId)).toBe(2);
    });

    it("retry succeeds after a random failure", async () => {
      const driver = files.open({
        failureRate: 0.5,
        random: scriptedRandom([0.1, 0.9]),
        clock: clock.now,
      });
      const spec = dynoSpec(appId, "web.1");

      await driver.provision(spec);
      const retried = await driver.provision({ ...spec, attempt: 2 });

      expect(retried.state).toBe("starting");
      expect(driver.provisionCount(spec.dynoId)).toBe(2);
      expect(driver.duplicateProvisions()).toEqual([]);
    });

    it("retry succeeds once failDynos is lifted", async () => {
      const spec = dynoSpec(appId, "web.2");
      const failing = files.open({ failDynos: ["web.2"] });
      expect((await failing.provision(spec)).state).toBe("failed");
      await failing.close();

      const restarted = files.open({ provisionDelayMs: 0 });
      const repeated = await restarted.provision(spec);
      const retried = await restarted.provision({ ...spec, attempt: 2 });

      expect(repeated.state).toBe("failed");
      expect(retried.state).toBe("up");
      expect(await restarted.status(spec.dynoId)).toEqual(retried);
      expect(restarted.provisionCount(spec.dynoId)).toBe(2);
      expect(restarted.provisionCalls(spec.dynoId)).toBe(3);
      expect(restarted.duplicateProvisions()).toEqual([]);
    });

    it("stopped failed dyno stays stopped", async () => {
      const driver = files.open({ failDynos: ["web.1"] });
      const spec = dynoSpec(appId, "web.1");
      await driver.provision(spec);

      await driver.stop(spec.dynoId);
      const retried = await driver.provision({ ...spec, attempt: 2 });

      expect(retried).toEqual({ state: "stopped" });
      expect(driver.provisionCount(spec.dynoId)).toBe(1);
    });
  });
});
