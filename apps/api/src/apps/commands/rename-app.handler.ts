import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  checkAppName,
  decideRenameApp,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { stepContext } from "../../infrastructure/command-context.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentApp } from "../../presenters/app.presenter.js";
import { isAppNameHolderStale } from "../app-name-holder.js";
import { EarlierAppOutcome } from "../earlier-app-outcome.js";
import { appModel } from "../app-stream.model.js";
import { RenameAppCommand } from "./rename-app.command.js";

/** Reserves the new name, renames the app, then frees the old name. */
@CommandHandler(RenameAppCommand)
export class RenameAppHandler implements ICommandHandler<RenameAppCommand> {
  private readonly logger = new Logger(RenameAppHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
    private readonly earlier: EarlierAppOutcome,
  ) {}

  async execute({
    actor,
    app: identity,
    newName,
  }: RenameAppCommand): Promise<Record<string, unknown>> {
    const context = commandContext(actor, `RenameApp:${identity}:${newName}`);
    const earlier = await this.earlier.find(actor, context.commandId);
    if (earlier) return presentApp(earlier);

    const app = await this.authorizer.app(actor, identity, "manage");
    checkAppName(newName);
    if (newName === app.name) return presentApp(app);

    const at = this.clock.nowIso();
    await this.reservations.reserve(
      "app-name",
      newName,
      app.id,
      context,
      at,
      "Name is already taken",
      (holder) => isAppNameHolderStale(this.repository, holder, newName),
    );
    let position: number | null;
    try {
      const renamed = await this.repository.execute(
        appStream(app.id),
        appModel,
        context,
        (state) => decideRenameApp(state, { name: newName, at }),
      );
      position = renamed.position;
    } catch (error) {
      // Free the new name again, so a failed rename does not hold it.
      await this.reservations.release(
        "app-name",
        newName,
        app.id,
        stepContext(context, "undo-reservation"),
        at,
        "rename-failed",
      );
      throw error;
    }
    await this.reservations.release(
      "app-name",
      app.name,
      app.id,
      context,
      at,
      "renamed",
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `App ${app.id} renamed from ${app.name} to ${newName} by ${actor.accountId}`,
    );

    const renamed = await this.readModels.queries.appByNameOrId(app.id);
    if (!renamed)
      throw new Error(
        `App ${app.id} is missing from the read model after its rename.`,
      );
    return presentApp(renamed);
  }
}
