import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  checkAppName,
  decideCreateApp,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import {
  type CommandContext,
  stepContext,
  uuidFrom,
} from "../../infrastructure/command-context.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentApp } from "../../presenters/app.presenter.js";
import { AppPlacementResolver } from "../app-placement.js";
import { appModel } from "../app-stream.model.js";
import { generateAppName } from "../app-names.js";
import { isAppNameHolderStale } from "../app-name-holder.js";
import { CreateAppCommand } from "./create-app.command.js";

@CommandHandler(CreateAppCommand)
export class CreateAppHandler implements ICommandHandler<CreateAppCommand> {
  private readonly logger = new Logger(CreateAppHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly placement: AppPlacementResolver,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    body,
  }: CreateAppCommand): Promise<Record<string, unknown>> {
    // Retries of one request derive the same command id, hence the same
    // generated name and app id, so they cannot create a second app.
    const context = commandContext(actor, `CreateApp:${body.name ?? ""}`);
    const name =
      body.name ?? generateAppName(uuidFrom("app-name", context.commandId));
    checkAppName(name);
    const where = await this.placement.resolve(actor, body);

    const appId = uuidFrom("app", context.commandId);
    const at = this.clock.nowIso();
    await this.reservations.reserve(
      "app-name",
      name,
      appId,
      context,
      at,
      "Name is already taken",
      (holder) => isAppNameHolderStale(this.repository, holder, name),
    );

    const { position } = await this.createStream(appId, name, context, at, () =>
      this.repository.execute(appStream(appId), appModel, context, (state) =>
        decideCreateApp(state, {
          appId,
          name,
          identifier: uuidFrom("app-identifier", appId)
            .replaceAll("-", "")
            .slice(0, 12),
          teamId: where.team.id,
          spaceId: where.space?.id ?? null,
          region: where.region,
          stack: where.stack,
          generation: where.generation,
          internalRouting: body.internal_routing ?? false,
          creatorId: actor.accountId,
          creatorEmail: actor.email,
          at,
        }),
      ),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `App ${name} (${appId}) created in team ${where.team.name} by ${actor.accountId}`,
    );

    const app = await this.readModels.queries.appByNameOrId(appId);
    if (!app)
      throw new Error(
        `App ${appId} is missing from the read model after its creation.`,
      );
    return presentApp(app);
  }

  /** Runs the append of the new app and frees the reserved name again when it fails. */
  private async createStream<T>(
    appId: string,
    name: string,
    context: CommandContext,
    at: string,
    append: () => Promise<T>,
  ): Promise<T> {
    try {
      return await append();
    } catch (error) {
      await this.reservations.release(
        "app-name",
        name,
        appId,
        stepContext(context, "undo-reservation"),
        at,
        "create-failed",
      );
      throw error;
    }
  }
}
