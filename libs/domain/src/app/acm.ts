import { notFound } from "../shared/domain-error.js";
import type { AppEvent } from "./app.events.js";
import type { AppState } from "./app.js";

/** Switches automated certificate management on; a no-op when it is on already. */
export function decideEnableAcm(
  state: AppState,
  command: { at: string },
): AppEvent[] {
  const appId = requireLiveAppId(state);
  if (state.acm) return [];
  return [{ type: "AcmEnabled", data: { appId, at: command.at } }];
}

/** Switches automated certificate management off; a no-op when it is off already. */
export function decideDisableAcm(
  state: AppState,
  command: { at: string },
): AppEvent[] {
  const appId = requireLiveAppId(state);
  if (!state.acm) return [];
  return [{ type: "AcmDisabled", data: { appId, at: command.at } }];
}

function requireLiveAppId(state: AppState): string {
  if (state.appId === null || state.destroyed) throw notFound("app");
  return state.appId;
}
