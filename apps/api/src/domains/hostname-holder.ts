import { customDomainStream } from "../../../../libs/domain/src/index.js";
import type { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { customDomainModel } from "./domain-stream.model.js";

/**
 * Checks whether a reserved hostname is stale, which it is when the holding domain never got added (a
 * crash after the reservation) or was removed (a crash before the release).
 */
export async function isHostnameHolderStale(
  repository: EventSourcedRepository,
  holderId: string,
): Promise<boolean> {
  const { state } = await repository.load(
    customDomainStream(holderId),
    customDomainModel,
  );
  return state.domainId === null || state.removed;
}
