/** A dyno to run, as the provisioning saga requests it for one attempt. */
export interface DynoSpec {
  /** Unique per incarnation of a name: a restart or resize gets a new id. */
  dynoId: string;
  appId: string;
  /** `type.N`, such as `web.3`. */
  name: string;
  type: string;
  size: string;
  command: string;
  /**
   * Attempt number, 1 for the first. Idempotency is per (dynoId, attempt), so
   * a retry after a failure sends a higher number.
   */
  attempt: number;
}

/** State of one dyno id, as the driver reports it. */
export type DynoStatus =
  | { state: "starting"; readyAt: Date; zone: string }
  | { state: "up"; zone: string; upSince: Date }
  | { state: "failed"; reason: string }
  | { state: "stopped" }
  /** The id was never provisioned. */
  | { state: "unknown" };

/**
 * Runs dynos on the compute of a space. The provisioning saga calls
 * `provision`, polls `status` until the dyno is up or failed, and calls `stop`
 * when the dyno should stop. After a crash the saga repeats its last call, so
 * every call is idempotent by dyno id:
 *
 * - `provision` with a (dynoId, attempt) pair already received returns the
 *   dyno's current status and provisions nothing.
 * - `provision` with a higher attempt retries a `failed` dyno, which counts as
 *   a new provisioning. For a dyno still `starting` or `up` it returns the
 *   current status and provisions nothing, so a dyno never runs twice.
 * - A lower attempt than one already received returns the current status.
 * - A `stopped` dyno stays stopped whatever the attempt, because a restart
 *   uses a new dyno id.
 * - `stop` of an unknown or stopped id does nothing. NOTE: a stop of an
 *   unknown id records nothing, so a later `provision` of that id still runs.
 *
 * Every method rejects with {@link ComputeUnavailableError} when the driver
 * cannot be reached; the call may then be repeated as it was.
 */
export interface ComputeDriver {
  /**
   * Starts provisioning the dyno and returns its status: `starting` with the
   * time it is expected up, `up` when it is up at once, or `failed`. Rejects
   * with {@link DynoSpecConflictError} when the id was provisioned with a
   * different app, name, type, size or command.
   */
  provision(spec: DynoSpec): Promise<DynoStatus>;
  /** Returns the dyno's current status, `unknown` for an id never provisioned. */
  status(dynoId: string): Promise<DynoStatus>;
  /** Stops the dyno, or does nothing when it is unknown or already stopped. */
  stop(dynoId: string): Promise<void>;
  /** Releases the driver's resources. Later calls reject with {@link ComputeUnavailableError}. */
  close(): Promise<void>;
}

/** The driver could not be reached or did not respond in time, so the caller retries the call. */
export class ComputeUnavailableError extends Error {
  readonly kind = "compute_unavailable";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ComputeUnavailableError";
  }
}

/**
 * A dyno id was provisioned again with a different spec. Ids are unique per
 * incarnation, so this is a bug in the caller and retrying does not help.
 */
export class DynoSpecConflictError extends Error {
  readonly kind = "dyno_spec_conflict";

  constructor(
    readonly dynoId: string,
    /** Spec fields whose values differ from the recorded ones. */
    readonly fields: readonly string[],
  ) {
    super(
      `Dyno ${dynoId} is already provisioned with a different ${fields.join(", ")}; provision a changed dyno under a new dyno id.`,
    );
    this.name = "DynoSpecConflictError";
  }
}
