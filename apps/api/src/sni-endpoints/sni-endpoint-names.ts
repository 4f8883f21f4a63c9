import { Injectable, Logger } from "@nestjs/common";
import {
  conflict,
  DomainError,
  sniEndpointName,
  sniEndpointStream,
} from "../../../../libs/domain/src/index.js";
import { SniEndpointQueries } from "../../../../libs/read-models/src/index.js";
import type { CommandContext } from "../infrastructure/command-context.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../infrastructure/name-reservations.js";
import { sniEndpointModel } from "./sni-endpoint-stream.model.js";

/** Maximum name candidates tried per upload before it fails with 409 conflict. */
const MAX_CANDIDATES = 20;

/**
 * Gives each uploaded certificate a name unique within its app, such as
 * `tokyo-12345`, held by a reservation stream per app and name so that
 * concurrent uploads never get the same one.
 */
@Injectable()
export class SniEndpointNames {
  private readonly logger = new Logger(SniEndpointNames.name);

  constructor(
    private readonly reservations: NameReservations,
    private readonly repository: EventSourcedRepository,
    private readonly queries: SniEndpointQueries,
  ) {}

  /**
   * Reserves a free name for the endpoint. The candidates derive from
   * `seed`, so a retried upload gets the name its first attempt reserved.
   */
  async claim(
    appId: string,
    sniEndpointId: string,
    seed: number,
    context: CommandContext,
    at: string,
  ): Promise<string> {
    const listed = await this.queries.namesOf(appId);
    for (let attempt = 0; attempt < MAX_CANDIDATES; attempt += 1) {
      const name = sniEndpointName(seed, attempt);
      if (listed.has(name)) continue;
      try {
        await this.reservations.reserve(
          "sni-endpoint-name",
          reservedName(appId, name),
          sniEndpointId,
          context,
          at,
          `The SNI endpoint name ${name} is already taken.`,
          (holderId) => this.isHolderStale(holderId, appId, name),
        );
        return name;
      } catch (error) {
        if (!(error instanceof DomainError) || error.kind !== "name_taken")
          throw error;
        this.logger.warn(
          `SNI endpoint name ${name} of app ${appId} was taken concurrently; trying the next candidate`,
        );
      }
    }
    throw conflict(
      `No free SNI endpoint name was found for the app after ${MAX_CANDIDATES} candidates: retry the request.`,
    );
  }

  async release(
    appId: string,
    name: string,
    sniEndpointId: string,
    context: CommandContext,
    at: string,
    reason: string,
  ): Promise<void> {
    await this.reservations.release(
      "sni-endpoint-name",
      reservedName(appId, name),
      sniEndpointId,
      context,
      at,
      reason,
    );
  }

  /** A holder is stale when its endpoint was never added, was removed or has another name. */
  private async isHolderStale(
    holderId: string,
    appId: string,
    name: string,
  ): Promise<boolean> {
    const { state } = await this.repository.load(
      sniEndpointStream(holderId),
      sniEndpointModel,
    );
    return (
      state.sniEndpointId === null ||
      state.removed ||
      state.appId !== appId ||
      state.name !== name
    );
  }
}

function reservedName(appId: string, name: string): string {
  return `${appId}/${name}`;
}
