import { Injectable } from "@nestjs/common";
import type { AppRow } from "../../../../libs/read-models/src/index.js";
import {
  type AppCreated,
  requireAppPermission,
} from "../../../../libs/domain/src/index.js";
import type { RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";

const APP_STREAM = /^app-([0-9a-f-]{36})$/;

/**
 * Finds the app a command already changed, so that a retried rename or
 * destroy returns the first outcome instead of "not found" for the
 * name that no longer exists.
 */
@Injectable()
export class EarlierAppOutcome {
  constructor(
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly authorizer: Authorizer,
  ) {}

  async find(actor: RequestActor, commandId: string): Promise<AppRow | null> {
    const queries = this.readModels.queries;
    const streams = await queries.streamsOfCommand(commandId);
    const appId = streams
      .map((stream) => APP_STREAM.exec(stream)?.[1])
      .find((id) => id !== undefined);
    if (!appId) return null;

    const live = await queries.appByNameOrId(appId);
    if (!live) return this.fromStream(appId);
    // A retry shows the app only to a caller who may still manage it.
    requireAppPermission(await this.authorizer.appFacts(actor, live), "manage");
    return live;
  }

  /** Rebuilds a destroyed app's last state from its stream. */
  private async fromStream(appId: string): Promise<AppRow | null> {
    const { recorded } = await this.repository.load(`app-${appId}`, {
      initial: null,
      evolve: () => null,
    });
    const created = recorded.find((event) => event.type === "AppCreated");
    if (!created) return null;

    const data = created.data as AppCreated["data"];
    const renamed = recorded.filter((event) => event.type === "AppRenamed");
    const name = String(renamed.at(-1)?.data.name ?? data.name);
    const queries = this.readModels.queries;
    const team = await queries.teamByNameOrId(data.teamId);
    const space = data.spaceId
      ? await queries.spaceByNameOrId(data.spaceId)
      : undefined;
    return {
      id: appId,
      name,
      identifier: data.identifier,
      teamId: data.teamId,
      teamName: team?.name ?? "",
      spaceId: data.spaceId,
      spaceName: space?.name ?? null,
      spaceShield: space?.shield ?? false,
      region: data.region,
      stack: data.stack,
      generation: data.generation,
      internalRouting: data.internalRouting,
      creatorId: data.creatorId,
      acm:
        recorded.findLast((event) => event.type.startsWith("Acm"))?.type ===
        "AcmEnabled",
      createdAt: data.at,
      // As in the apps read model, which only renames update.
      updatedAt: String(renamed.at(-1)?.data.at ?? data.at),
    };
  }
}
