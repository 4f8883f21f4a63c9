import { randomUUID } from "node:crypto";

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

  describe("provisioning", () => {
    it("dyno is starting until readyAt", async () => {
      const driver = files.open({ provisionDelayMs: 60_000, clock: clock.now });
      const spec = dynoSpec(appId, "web.1");
      const readyAt = new Date(clock.now().getTime() + 60_000);

      const provisioned = await driver.provision(spec);
      clock.advance(59_999);
      const stillStarting = await driver.status(spec.dynoId);
      clock.advance(1);
      const up = await driver.status(spec.dynoId);

      expect(provisioned).toEqual({ state: "starting", readyAt, zone: "a" });
      expect(stillStarting).toEqual(provisioned);
      expect(up).toEqual({ state: "up", zone: "a", upSince: readyAt });
    });

    it("zero delay returns up at once", async () => {
      const driver = files.open({ provisionDelayMs: 0, clock: clock.now });

      const provisioned = await driver.provision(dynoSpec(appId, "web.1"));

      expect(provisioned).toEqual({
        state: "up",
        zone: "a",
        upSince: clock.now(),
      });
    });

    it("default delay is 3000 ms", async () => {
      const driver = files.open({ clock: clock.now });

      const provisioned = await driver.provision(dynoSpec(appId, "web.1"));

      expect(provisioned).toEqual({
        state: "starting",
        readyAt: new Date(clock.now().getTime() + 3000),
        zone: "a",
      });
    });

    it("repeats count calls, not provisionings", async () => {
      const driver = files.open({ clock: clock.now });
      const spec = dynoSpec(appId, "web.1");

      const first = await driver.provision(spec);
      const second = await driver.provision(spec);
      const third = await driver.provision(spec);

      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(driver.provisionCalls(spec.dynoId)).toBe(3);
      expect(driver.provisionCount(spec.dynoId)).toBe(1);
      expect(driver.duplicateProvisions()).toEqual([]);
    });

    it("higher attempt keeps a starting dyno", async () => {
      const driver = files.open({ clock: clock.now });
      const spec = dynoSpec(appId, "web.1");

      const first = await driver.provision(spec);
      const retried = await driver.provision({ ...spec, attempt: 2 });
      const stale = await driver.provision(spec);

      expect(retried).toEqual(first);
      expect(stale).toEqual(first);
      expect(driver.provisionCount(spec.dynoId)).toBe(1);
      expect(driver.duplicateProvisions()).toEqual([]);
    });

    it("counters are zero for unknown dynos", () => {
      const driver = files.open();

      expect(driver.provisionCount("missing")).toBe(0);
      expect(driver.provisionCalls("missing")).toBe(0);
    });

    it("liveDynos lists starting and up dynos", async () => {
      const driver = files.open({ provisionDelayMs: 1000, clock: clock.now });
      const [first, second, failed, stopped, tenth] = [
        dynoSpec(appId, "web.1"),
        dynoSpec(appId, "web.2"),
        dynoSpec(appId, "web.3"),
        dynoSpec(appId, "worker.1"),
        dynoSpec(appId, "web.10"),
      ];
      await driver.provision(first!);
      clock.advance(1000);
      await driver.provision(tenth!);
      await driver.provision(second!);
      await driver.provision(stopped!);
      await driver.stop(stopped!.dynoId);
      const failing = files.open({ failDynos: ["web.3"] });
      await failing.provision(failed!);
      await driver.provision(dynoSpec(randomUUID(), "web.1"));

      const live = driver.liveDynos(appId);

      expect(live.map((dyno) => [dyno.name, dyno.state, dyno.zone])).toEqual([
        ["web.1", "up", "a"],
        ["web.2", "starting", "c"],
        ["web.10", "starting", "b"],
      ]);
      expect(live[0]).toEqual({
        dynoId: first!.dynoId,
        name: "web.1",
        type: "web",
        size: "Private-S",
        zone: "a",
        state: "up",
      });
    });
  });
});
