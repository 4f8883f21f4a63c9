import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideDestroyApp,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentApp } from "../../presenters/app.presenter.js";
import { EarlierAppOutcome } from "../earlier-app-outcome.js";
import { appModel } from "../app-stream.model.js";
import { DestroyAppCommand } from "./destroy-app.command.js";

/** Destroys the app and frees its name. */
@CommandHandler(DestroyAppCommand)
export class DestroyAppHandler implements ICommandHandler<DestroyAppCommand> {
  private readonly logger = new Logger(DestroyAppHandler.name);

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
  }: DestroyAppCommand): Promise<Record<string, unknown>> {
    const context = commandContext(actor, `DestroyApp:${identity}`);
    const earlier = await this.earlier.find(actor, context.commandId);
    if (earlier) return presentApp(earlier);

    const app = await this.authorizer.app(actor, identity, "manage");
    const at = this.clock.nowIso();

    const { position } = await this.repository.execute(
      appStream(app.id),
      appModel,
      context,
      (state) => decideDestroyApp(state, { at }),
    );
    await this.reservations.release(
      "app-name",
      app.name,
      app.id,
      context,
      at,
      "destroyed",
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `App ${app.name} (${app.id}) destroyed by ${actor.accountId}`,
    );
    return presentApp(app);
  }
}
