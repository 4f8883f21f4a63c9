import type { DynoSlot } from "../formation/formation.events.js";
import type {
  DynoEvent,
  DynoOrigin,
  DynoStopRequested,
  TimerScheduled,
} from "./dyno.events.js";
import {
  type DynoState,
  isAttemptPending,
  isProvisioningWanted,
} from "./dyno.js";

/** Retry settings of the provisioning saga: attempts in all, and the wait before each retry. */
export interface RetryPolicy {
  maxAttempts: number;
  /** Wait before attempt `attempt` (2 or more), in milliseconds. */
  backoffMs: (attempt: number) => number;
  /** How long one attempt may stay `starting` before it counts as failed, in milliseconds. */
  attemptTimeoutMs: number;
}

/** Outcome the compute driver reported for one attempt. */
export type ProvisionOutcome =
  | { kind: "up"; zone: string }
  | { kind: "starting"; checkAt: string }
  | { kind: "failed"; reason: string };

export function decideRequestDyno(
  state: DynoState,
  command: {
    appId: string;
    slot: DynoSlot;
    origin: DynoOrigin;
    attach: boolean;
    at: string;
  },
): DynoEvent[] {
  if (state.state !== "none") return [];
  const { appId, slot, origin, attach, at } = command;
  return [
    {
      type: "DynoProvisioningRequested",
      data: { ...slot, appId, origin, attach, at },
    },
  ];
}

/**
 * Records the next attempt and its timeout, or nothing when the dyno no
 * longer wants provisioning (stopped, superseded, already up).
 */
export function decideAttempt(
  state: DynoState,
  command: { attempt: number; policy: RetryPolicy; now: Date },
): DynoEvent[] {
  if (!isProvisioningWanted(state) || state.dynoId === null) return [];
  if (command.attempt !== state.attempts + 1) return [];
  const at = command.now.toISOString();
  return [
    {
      type: "DynoProvisioningAttempted",
      data: { dynoId: state.dynoId, attempt: command.attempt, at },
    },
    timer(
      state.dynoId,
      "provisioning-timeout",
      command.attempt,
      command.now,
      command.policy.attemptTimeoutMs,
    ),
  ];
}

/** Turns the driver's status for the current attempt into events. */
export function decideOutcome(
  state: DynoState,
  command: { outcome: ProvisionOutcome; policy: RetryPolicy; now: Date },
): DynoEvent[] {
  if (!isAttemptPending(state) || state.dynoId === null) return [];
  const { outcome, policy, now } = command;
  const at = now.toISOString();
  const attempt = state.attempts;
  switch (outcome.kind) {
    case "up":
      return [
        {
          type: "DynoUp",
          data: { dynoId: state.dynoId, zone: outcome.zone, attempt, at },
        },
      ];
    case "starting":
      return [
        timer(
          state.dynoId,
          "status-check",
          attempt,
          now,
          Math.max(0, Date.parse(outcome.checkAt) - now.getTime()),
          // One status check per moment it is due; several may follow each other.
          outcome.checkAt,
        ),
      ];
    case "failed":
      return failAttempt(state.dynoId, attempt, outcome.reason, policy, now);
  }
}

/** Fails the current attempt when it outlived its timeout without coming up. */
export function decideAttemptTimedOut(
  state: DynoState,
  command: { attempt: number; policy: RetryPolicy; now: Date },
): DynoEvent[] {
  if (!isAttemptPending(state) || state.dynoId === null) return [];
  if (command.attempt !== state.attempts) return [];
  return failAttempt(
    state.dynoId,
    command.attempt,
    `Provisioning did not finish within ${command.policy.attemptTimeoutMs} ms.`,
    command.policy,
    command.now,
  );
}

export function decideFireTimer(
  state: DynoState,
  command: { timerId: string; at: string },
): DynoEvent[] {
  if (!state.pendingTimers.has(command.timerId) || state.dynoId === null) {
    return [];
  }
  return [
    {
      type: "TimerFired",
      data: { timerId: command.timerId, dynoId: state.dynoId, at: command.at },
    },
  ];
}

export function decideStopDyno(
  state: DynoState,
  command: { reason: DynoStopRequested["data"]["reason"]; at: string },
): DynoEvent[] {
  if (state.dynoId === null || state.stopRequested || state.state === "down") {
    return [];
  }
  return [
    {
      type: "DynoStopRequested",
      data: { dynoId: state.dynoId, reason: command.reason, at: command.at },
    },
  ];
}

/** Records the stop once the driver confirmed it. */
export function decideStopped(
  state: DynoState,
  command: { at: string },
): DynoEvent[] {
  if (state.dynoId === null || state.state === "down") return [];
  return [
    { type: "DynoStopped", data: { dynoId: state.dynoId, at: command.at } },
  ];
}

export function decideExited(
  state: DynoState,
  command: { exitCode: number; at: string },
): DynoEvent[] {
  if (state.dynoId === null || state.state === "down") return [];
  return [{ type: "DynoExited", data: { dynoId: state.dynoId, ...command } }];
}

function failAttempt(
  dynoId: string,
  attempt: number,
  reason: string,
  policy: RetryPolicy,
  now: Date,
): DynoEvent[] {
  const at = now.toISOString();
  const failed: DynoEvent = {
    type: "DynoProvisioningFailed",
    data: { dynoId, attempt, reason, at },
  };
  if (attempt >= policy.maxAttempts) {
    return [
      failed,
      { type: "DynoCrashed", data: { dynoId, attempts: attempt, reason, at } },
    ];
  }
  return [
    failed,
    timer(dynoId, "retry", attempt + 1, now, policy.backoffMs(attempt + 1)),
  ];
}

/** Timer ids derive from the dyno, purpose, attempt and due time, so a replayed step schedules nothing new. */
export function timerId(
  dynoId: string,
  purpose: TimerScheduled["data"]["purpose"],
  attempt: number,
  dueAt: string,
): string {
  return `${dynoId}:${purpose}:${attempt}:${dueAt}`;
}

/** Reads the parts of an id made by {@link timerId}. */
export function parseTimerId(id: string): {
  dynoId: string;
  purpose: TimerScheduled["data"]["purpose"];
  attempt: number;
} {
  const [dynoId = "", purpose = "", attempt = "0"] = id.split(":");
  return {
    dynoId,
    purpose: purpose as TimerScheduled["data"]["purpose"],
    attempt: Number(attempt),
  };
}

function timer(
  dynoId: string,
  purpose: TimerScheduled["data"]["purpose"],
  attempt: number,
  now: Date,
  delayMs: number,
  dueAtOverride?: string,
): TimerScheduled {
  const dueAt =
    dueAtOverride ?? new Date(now.getTime() + delayMs).toISOString();
  return {
    type: "TimerScheduled",
    data: {
      timerId: timerId(dynoId, purpose, attempt, dueAt),
      dynoId,
      purpose,
      attempt,
      dueAt,
      at: now.toISOString(),
    },
  };
}
