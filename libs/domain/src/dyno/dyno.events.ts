import type { DomainEvent } from "../shared/domain-event.js";

/** Why a dyno is provisioned: a formation change, a restart or a one-off run. */
export type DynoOrigin = "formation" | "restart" | "run";

export type DynoProvisioningRequested = DomainEvent<
  "DynoProvisioningRequested",
  {
    dynoId: string;
    appId: string;
    name: string;
    type: string;
    size: string;
    command: string;
    origin: DynoOrigin;
    /** One-off dynos only: whether a client attaches to its input and output. */
    attach: boolean;
    at: string;
  }
>;
/** Recorded before each call to the compute driver. */
export type DynoProvisioningAttempted = DomainEvent<
  "DynoProvisioningAttempted",
  { dynoId: string; attempt: number; at: string }
>;
export type DynoProvisioningFailed = DomainEvent<
  "DynoProvisioningFailed",
  { dynoId: string; attempt: number; reason: string; at: string }
>;
/** A timer the scheduler fires by appending {@link TimerFired} at `dueAt`. */
export type TimerScheduled = DomainEvent<
  "TimerScheduled",
  {
    timerId: string;
    dynoId: string;
    purpose: "retry" | "status-check" | "provisioning-timeout";
    attempt: number;
    dueAt: string;
    at: string;
  }
>;
export type TimerFired = DomainEvent<
  "TimerFired",
  { timerId: string; dynoId: string; at: string }
>;
export type DynoUp = DomainEvent<
  "DynoUp",
  { dynoId: string; zone: string; attempt: number; at: string }
>;
export type DynoCrashed = DomainEvent<
  "DynoCrashed",
  { dynoId: string; attempts: number; reason: string; at: string }
>;
export type DynoStopRequested = DomainEvent<
  "DynoStopRequested",
  {
    dynoId: string;
    reason: "scaled-down" | "stopped" | "restarted" | "app-destroyed";
    at: string;
  }
>;
export type DynoStopped = DomainEvent<
  "DynoStopped",
  { dynoId: string; at: string }
>;
/** A one-off dyno's command ended. */
export type DynoExited = DomainEvent<
  "DynoExited",
  { dynoId: string; exitCode: number; at: string }
>;

export type DynoEvent =
  | DynoProvisioningRequested
  | DynoProvisioningAttempted
  | DynoProvisioningFailed
  | TimerScheduled
  | TimerFired
  | DynoUp
  | DynoCrashed
  | DynoStopRequested
  | DynoStopped
  | DynoExited;
