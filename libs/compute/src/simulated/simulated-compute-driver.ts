import type Database from "better-sqlite3";

import {
  type ComputeDriver,
  ComputeUnavailableError,
  type DynoSpec,
  DynoSpecConflictError,
  type DynoStatus,
} from "../compute.port.js";
import { type DynoRow, DynoTable, openDynoDatabase } from "./dyno-table.js";
import {
  type ResolvedOptions,
  resolveOptions,
  type SimulatedComputeDriverOptions,
} from "./simulated-compute-driver-options.js";

/** A dyno that is starting or up, as {@link SimulatedComputeDriver.liveDynos} lists it. */
export interface LiveDyno {
  dynoId: string;
  name: string;
  type: string;
  size: string;
  zone: string;
  state: "starting" | "up";
}

const SPEC_FIELDS = ["appId", "name", "type", "size", "command"] as const;

/**
 * Simulates the compute of a space: a dyno is up `provisionDelayMs` after it
 * is provisioned, in the zone with the fewest live dynos of its app and type.
 * Its state and counters live in a SQLite file, so idempotency survives a
 * crash and restart of the process.
 */
export class SimulatedComputeDriver implements ComputeDriver {
  private readonly db: Database.Database;
  private readonly dynos: DynoTable;
  private readonly options: ResolvedOptions;
  private closed = false;

  /** Opens `path` (a file under the product's data directory, or `:memory:`). */
  constructor(path: string, options: SimulatedComputeDriverOptions = {}) {
    this.options = resolveOptions(options);
    this.db = openDynoDatabase(path, this.options.busyTimeoutMs);
    this.dynos = new DynoTable(this.db);
  }

  async provision(spec: DynoSpec): Promise<DynoStatus> {
    validateSpec(spec);
    return this.write(() => {
      const now = this.options.clock().getTime();
      const existing = this.dynos.get(spec.dynoId);
      if (existing) checkSameSpec(existing, spec);
      const calls = (existing?.provision_calls ?? 0) + 1;

      let row: DynoRow;
      if (!existing) {
        row = this.startAttempt(spec, now, {
          provision_calls: calls,
          provision_count: 0,
          successful_provisions: 0,
        });
      } else if (
        existing.state === "failed" &&
        spec.attempt > existing.attempt
      ) {
        row = this.startAttempt(spec, now, {
          ...existing,
          provision_calls: calls,
        });
      } else {
        const attempt = Math.max(existing.attempt, spec.attempt);
        row = { ...existing, attempt, provision_calls: calls };
      }
      this.dynos.put(row);
      return statusOf(row, now);
    });
  }

  async status(dynoId: string): Promise<DynoStatus> {
    return this.read(() => {
      const row = this.dynos.get(dynoId);
      if (!row) return { state: "unknown" };
      return statusOf(row, this.options.clock().getTime());
    });
  }

  async stop(dynoId: string): Promise<void> {
    this.write(() => {
      const row = this.dynos.get(dynoId);
      if (!row || row.state === "stopped") return;
      this.dynos.put({ ...row, state: "stopped" });
    });
  }

  /** Closes the database. Calling it again does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Attempts that started provisioning the dyno, failed or not; 0 when unknown. */
  provisionCount(dynoId: string): number {
    return this.read(() => this.dynos.get(dynoId)?.provision_count ?? 0);
  }

  /** `provision` calls received for the dyno, repeats included. */
  provisionCalls(dynoId: string): number {
    return this.read(() => this.dynos.get(dynoId)?.provision_calls ?? 0);
  }

  /** Dyno ids provisioned successfully more than once; always empty unless the driver has a bug. */
  duplicateProvisions(): string[] {
    return this.read(() => this.dynos.duplicates().map((row) => row.dyno_id));
  }

  /** Dynos of the app that are starting or up, by type and then by number. */
  liveDynos(appId: string): LiveDyno[] {
    return this.read(() => {
      const now = this.options.clock().getTime();
      const dynos = this.dynos.live(appId).map((row) => ({
        dynoId: row.dyno_id,
        name: row.name,
        type: row.type,
        size: row.size,
        zone: row.zone ?? "",
        state: statusOf(row, now).state as LiveDyno["state"],
      }));
      return dynos.sort((a, b) =>
        a.name.localeCompare(b.name, "en", { numeric: true }),
      );
    });
  }

  /** Builds the row for a new attempt, which either fails now or starts in a zone. */
  private startAttempt(
    spec: DynoSpec,
    now: number,
    counters: Pick<
      DynoRow,
      "provision_calls" | "provision_count" | "successful_provisions"
    >,
  ): DynoRow {
    const base = {
      dyno_id: spec.dynoId,
      app_id: spec.appId,
      name: spec.name,
      type: spec.type,
      size: spec.size,
      command: spec.command,
      attempt: spec.attempt,
      provision_calls: counters.provision_calls,
      provision_count: counters.provision_count + 1,
    };
    const reason = this.injectedFailure(spec);
    if (reason !== null) {
      return {
        ...base,
        state: "failed",
        zone: null,
        ready_at: null,
        reason,
        successful_provisions: counters.successful_provisions,
      };
    }
    return {
      ...base,
      state: "starting",
      zone: this.leastUsedZone(spec.appId, spec.type),
      ready_at: now + this.options.provisionDelayMs,
      reason: null,
      successful_provisions: counters.successful_provisions + 1,
    };
  }

  /** Returns why the attempt fails, or null when it succeeds. Draws one random number per attempt. */
  private injectedFailure(spec: DynoSpec): string | null {
    const draw = this.options.random();
    const { failDynos, failureRate } = this.options;
    const prefix = `Simulated provisioning of ${spec.name} (dyno ${spec.dynoId}, attempt ${spec.attempt}) failed`;
    if (failDynos.has(spec.name) || failDynos.has(spec.dynoId)) {
      return `${prefix}: the dyno is listed in failDynos.`;
    }
    if (draw < failureRate) {
      return `${prefix}: random failure at failureRate ${failureRate}.`;
    }
    return null;
  }

  /** Picks the zone with the fewest live dynos of the app and type; ties go to the first zone listed. */
  private leastUsedZone(appId: string, type: string): string {
    const live = this.dynos.liveByZone(appId, type);
    let best = this.options.zones[0] as string;
    for (const zone of this.options.zones) {
      if ((live.get(zone) ?? 0) < (live.get(best) ?? 0)) best = zone;
    }
    return best;
  }

  private read<T>(work: () => T): T {
    this.ensureOpen();
    return translateErrors(work);
  }

  /** Runs `work` in an IMMEDIATE transaction, so another process's driver on the same file waits. */
  private write<T>(work: () => T): T {
    this.ensureOpen();
    return translateErrors(() => this.db.transaction(work).immediate());
  }

  private ensureOpen(): void {
    if (this.closed) {
      throw new ComputeUnavailableError(
        `Simulated compute driver on ${this.db.name} is closed; open a new SimulatedComputeDriver.`,
      );
    }
  }
}

function statusOf(row: DynoRow, now: number): DynoStatus {
  switch (row.state) {
    case "stopped":
      return { state: "stopped" };
    case "failed":
      return { state: "failed", reason: row.reason ?? "Provisioning failed." };
    case "starting": {
      const zone = row.zone ?? "";
      const readyAt = row.ready_at ?? now;
      return now >= readyAt
        ? { state: "up", zone, upSince: new Date(readyAt) }
        : { state: "starting", readyAt: new Date(readyAt), zone };
    }
  }
}

function validateSpec(spec: DynoSpec): void {
  for (const field of ["dynoId", "appId", "name", "type", "size"] as const) {
    if (typeof spec[field] !== "string" || spec[field].length === 0) {
      throw new RangeError(
        `DynoSpec.${field} must be a non-empty string; got ${JSON.stringify(spec[field])}.`,
      );
    }
  }
  if (typeof spec.command !== "string") {
    throw new RangeError(
      `DynoSpec.command must be a string; got ${JSON.stringify(spec.command)}.`,
    );
  }
  if (!Number.isSafeInteger(spec.attempt) || spec.attempt < 1) {
    throw new RangeError(
      `DynoSpec.attempt must be a whole number, 1 or more; got ${JSON.stringify(spec.attempt)}.`,
    );
  }
}

function checkSameSpec(row: DynoRow, spec: DynoSpec): void {
  const recorded: Record<(typeof SPEC_FIELDS)[number], string> = {
    appId: row.app_id,
    name: row.name,
    type: row.type,
    size: row.size,
    command: row.command,
  };
  const differing = SPEC_FIELDS.filter(
    (field) => recorded[field] !== spec[field],
  );
  if (differing.length > 0) {
    throw new DynoSpecConflictError(spec.dynoId, differing);
  }
}

/** Turns a lock held too long by another connection into ComputeUnavailableError. */
function translateErrors<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (
      typeof code === "string" &&
      (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))
    ) {
      throw new ComputeUnavailableError(
        `Simulated compute database is locked by another connection (${code}); retry the call.`,
        { cause: error },
      );
    }
    throw error;
  }
}
