import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import type { DynoSpec } from "../compute.port.js";
import { SimulatedComputeDriver } from "./simulated-compute-driver.js";
import type { SimulatedComputeDriverOptions } from "./simulated-compute-driver-options.js";

/** Builds the spec of dyno `name` (`web.2`) with a fresh dyno id, attempt 1. */
export function dynoSpec(
  appId: string,
  name: string,
  overrides: Partial<DynoSpec> = {},
): DynoSpec {
  const type = name.split(".")[0] ?? name;
  return {
    dynoId: randomUUID(),
    appId,
    name,
    type,
    size: "Private-S",
    command: type,
    attempt: 1,
    ...overrides,
  };
}

/** A clock that moves only when the test advances it. */
export class ManualClock {
  private nowMs: number;

  constructor(start = Date.parse("2024-05-06T07:08:09.000Z")) {
    this.nowMs = start;
  }

  readonly now = (): Date => new Date(this.nowMs);

  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** Mulberry32: a seeded generator of numbers in [0, 1), so failure draws repeat across runs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Returns the given draws in order and throws once they run out, so an unexpected draw fails the test. */
export function scriptedRandom(draws: number[]): () => number {
  const remaining = [...draws];
  return () => {
    const next = remaining.shift();
    if (next === undefined) throw new Error("scriptedRandom ran out of draws");
    return next;
  };
}

/** A temporary directory whose drivers the test opens and `release` closes and deletes. */
export class DriverFiles {
  readonly dir = mkdtempSync(join(tmpdir(), "simulated-compute-"));
  readonly path = join(this.dir, "compute.db");
  private readonly opened: SimulatedComputeDriver[] = [];

  open(options: SimulatedComputeDriverOptions = {}): SimulatedComputeDriver {
    const driver = new SimulatedComputeDriver(this.path, options);
    this.opened.push(driver);
    return driver;
  }

  async release(): Promise<void> {
    await Promise.all(this.opened.map((driver) => driver.close()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
