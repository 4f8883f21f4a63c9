import { appStream } from "../../../../libs/domain/src/index.js";
import type { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { appModel } from "./app-stream.model.js";

/**
 * A reserved app name is stale when the holding app never got created (a
 * crash after the reservation), was destroyed, or now has another name
 * (a crash before the old name was released).
 */
export async function isAppNameHolderStale(
  repository: EventSourcedRepository,
  holderId: string,
  name: string,
): Promise<boolean> {
  const { state } = await repository.load(appStream(holderId), appModel);
  return state.appId === null || state.destroyed || state.name !== name;
}
