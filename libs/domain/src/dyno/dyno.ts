import type { DynoEvent, DynoOrigin } from "./dyno.events.js";

/** `starting` until the driver reports it running; `down` once stopped. */
export type DynoLifecycle = "none" | "starting" | "up" | "crashed" | "down";

export interface DynoState {
  dynoId: string | null;
  appId: string | null;
  name: string | null;
  origin: DynoOrigin | null;
  state: DynoLifecycle;
  attempts: number;
  /** The last attempt that failed, so a late timeout or status for it is ignored. */
  failedAttempt: number;
  stopRequested: boolean;
  /** Timers scheduled and not fired yet, by id. */
  pendingTimers: ReadonlySet<string>;
  firedTimers: ReadonlySet<string>;
}

export const initialDyno: DynoState = {
  dynoId: null,
  appId: null,
  name: null,
  origin: null,
  state: "none",
  attempts: 0,
  failedAttempt: 0,
  stopRequested: false,
  pendingTimers: new Set(),
  firedTimers: new Set(),
};

export const dynoStream = (dynoId: string): string => `dyno-${dynoId}`;

export function evolveDyno(state: DynoState, event: DynoEvent): DynoState {
  switch (event.type) {
    case "DynoProvisioningRequested": {
      const { dynoId, appId, name, origin } = event.data;
      return { ...state, dynoId, appId, name, origin, state: "starting" };
    }
    case "DynoProvisioningAttempted":
      return { ...state, attempts: event.data.attempt };
    case "DynoProvisioningFailed":
      return { ...state, failedAttempt: event.data.attempt };
    case "TimerScheduled":
      return {
        ...state,
        pendingTimers: new Set([...state.pendingTimers, event.data.timerId]),
      };
    case "TimerFired": {
      const pendingTimers = new Set(state.pendingTimers);
      pendingTimers.delete(event.data.timerId);
      return {
        ...state,
        pendingTimers,
        firedTimers: new Set([...state.firedTimers, event.data.timerId]),
      };
    }
    case "DynoUp":
      return { ...state, state: "up" };
    case "DynoCrashed":
      return { ...state, state: "crashed" };
    case "DynoStopRequested":
      return { ...state, stopRequested: true };
    case "DynoStopped":
    case "DynoExited":
      return { ...state, state: "down" };
  }
}

/** Returns whether the dyno should still run: requested, not stopped and not finished. */
export function isProvisioningWanted(state: DynoState): boolean {
  return state.state === "starting" && !state.stopRequested;
}

/** Returns whether the current attempt still waits for an outcome. */
export function isAttemptPending(state: DynoState): boolean {
  return isProvisioningWanted(state) && state.failedAttempt !== state.attempts;
}
