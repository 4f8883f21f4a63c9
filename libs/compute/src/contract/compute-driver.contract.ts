import { randomUUID } from "node:crypto";

import { waitFor } from "../../../../test/support/wait-for.js";
import {
  type ComputeDriver,
  type DynoSpec,
  DynoSpecConflictError,
  type DynoStatus,
} from "../compute.port.js";

/** A driver under test and the function that releases it after each test. */
export interface ComputeDriverFixture {
  driver: ComputeDriver;
  cleanup(): Promise<void>;
  /**
   * Returns how many attempts started provisioning the dyno. Drivers that can
   * count them supply it, so the suite checks that repeats provision nothing.
   */
  provisionCount?(dynoId: string): number | Promise<number>;
}

export interface ComputeDriverContractOptions {
  /** How long a provisioned dyno may take to come up, in ms. Default 10000. */
  upTimeoutMs?: number;
}

/**
 * Declares the jest suite that every `ComputeDriver` must pass. Each test
 * uses fresh dyno and app ids, so the suite also runs against a shared
 * compute backend that already runs other dynos.
 */
export function describeComputeDriverContract(
  name: string,
  create: () => Promise<ComputeDriverFixture>,
  { upTimeoutMs = 10_000 }: ComputeDriverContractOptions = {},
): void {
  describe(`${name} compute driver contract`, () => {
    let fixture: ComputeDriverFixture;
    let driver: ComputeDriver;
    let release: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      fixture = await create();
      driver = fixture.driver;
      release = fixture.cleanup;
    });

    afterEach(async () => {
      // Cleared first, so a failed create in the next test cannot release this driver twice.
      const cleanup = release;
      release = undefined;
      await cleanup?.();
    });

    async function waitUntilUp(dynoId: string): Promise<DynoStatus> {
      await waitFor(async () => (await driver.status(dynoId)).state === "up", {
        description: `dyno ${dynoId} to be up`,
        timeoutMs: upTimeoutMs,
      });
      return driver.status(dynoId);
    }

    async function expectProvisionCount(dynoId: string, expected: number) {
      if (!fixture.provisionCount) return;
      expect(await fixture.provisionCount(dynoId)).toBe(expected);
    }

    it("provision starts the dyno, then it is up", async () => {
      const spec = newSpec();

      const provisioned = await driver.provision(spec);

      expect(["starting", "up"]).toContain(provisioned.state);
      if (provisioned.state === "starting") {
        expect(provisioned.readyAt).toBeInstanceOf(Date);
        expect(provisioned.zone).not.toBe("");
      }
      const up = await waitUntilUp(spec.dynoId);
      if (up.state !== "up") throw new Error(`expected up, got ${up.state}`);
      expect(up.upSince).toBeInstanceOf(Date);
      expect(up.zone).not.toBe("");
      expect(up.zone).toBe(zoneOf(provisioned));
      await expectProvisionCount(spec.dynoId, 1);
    });

    it("repeated provision provisions once", async () => {
      const spec = newSpec();

      const first = await driver.provision(spec);
      const second = await driver.provision({ ...spec });

      expect(second).toEqual(await driver.status(spec.dynoId));
      expect(sameZone(first, second)).toBe(true);
      await expectProvisionCount(spec.dynoId, 1);
    });

    it("concurrent provisions provision once", async () => {
      const spec = newSpec();

      const results = await Promise.all([
        driver.provision(spec),
        driver.provision(spec),
        driver.provision(spec),
      ]);

      const zones = new Set(results.map((result) => zoneOf(result)));
      expect(zones.size).toBe(1);
      await expectProvisionCount(spec.dynoId, 1);
    });

    it("provision of an up dyno returns up", async () => {
      const spec = newSpec();
      await driver.provision(spec);
      const up = await waitUntilUp(spec.dynoId);

      expect(await driver.provision(spec)).toEqual(up);
      expect(await driver.provision({ ...spec, attempt: 2 })).toEqual(up);
      await expectProvisionCount(spec.dynoId, 1);
    });

    it("provision with a changed spec is rejected", async () => {
      const spec = newSpec();
      await driver.provision(spec);

      await expect(
        driver.provision({ ...spec, size: "Private-L" }),
      ).rejects.toBeInstanceOf(DynoSpecConflictError);
      await expectProvisionCount(spec.dynoId, 1);
    });

    it("status of an unknown dyno is unknown", async () => {
      expect(await driver.status(randomUUID())).toEqual({ state: "unknown" });
    });

    it("stop of an up dyno stops it", async () => {
      const spec = newSpec();
      await driver.provision(spec);
      await waitUntilUp(spec.dynoId);

      await driver.stop(spec.dynoId);

      expect(await driver.status(spec.dynoId)).toEqual({ state: "stopped" });
    });

    it("stop right after provision stops it", async () => {
      const spec = newSpec();
      await driver.provision(spec);

      await driver.stop(spec.dynoId);

      expect(await driver.status(spec.dynoId)).toEqual({ state: "stopped" });
    });

    it("stop twice is a no-op", async () => {
      const spec = newSpec();
      await driver.provision(spec);

      await driver.stop(spec.dynoId);
      await driver.stop(spec.dynoId);

      expect(await driver.status(spec.dynoId)).toEqual({ state: "stopped" });
    });

    it("stop of an unknown dyno is a no-op", async () => {
      const dynoId = randomUUID();

      await driver.stop(dynoId);

      expect(await driver.status(dynoId)).toEqual({ state: "unknown" });
    });

    it("provision after stop does not revive", async () => {
      const spec = newSpec();
      await driver.provision(spec);
      await driver.stop(spec.dynoId);

      expect(await driver.provision(spec)).toEqual({ state: "stopped" });
      expect(await driver.provision({ ...spec, attempt: 2 })).toEqual({
        state: "stopped",
      });
      expect(await driver.status(spec.dynoId)).toEqual({ state: "stopped" });
      await expectProvisionCount(spec.dynoId, 1);
    });
  });
}

function newSpec(): DynoSpec {
  return {
    dynoId: randomUUID(),
    appId: randomUUID(),
    name: "web.1",
    type: "web",
    size: "Private-S",
    command: "web",
    attempt: 1,
  };
}

function zoneOf(status: DynoStatus): string | undefined {
  return "zone" in status ? status.zone : undefined;
}

function sameZone(first: DynoStatus, second: DynoStatus): boolean {
  return zoneOf(first) !== undefined && zoneOf(first) === zoneOf(second);
}
