import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideDisableAcm,
  decideEnableAcm,
} from "../../../../../libs/domain/src/index.js";
import { appModel } from "../../apps/app-stream.model.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentApp } from "../../presenters/app.presenter.js";
import { SetAcmCommand } from "./set-acm.command.js";

/** Switches ACM and returns the app, as Heroku's `POST` and `DELETE /apps/{app}/acm` do. */
@CommandHandler(SetAcmCommand)
export class SetAcmHandler implements ICommandHandler<SetAcmCommand> {
  private readonly logger = new Logger(SetAcmHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    enabled,
  }: SetAcmCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    const name = enabled ? "EnableAcm" : "DisableAcm";
    const decide = enabled ? decideEnableAcm : decideDisableAcm;
    const context = commandContext(actor, `${name}:${app.id}`);
    const at = this.clock.nowIso();

    const { position } = await this.repository.execute(
      appStream(app.id),
      appModel,
      context,
      (state) => decide(state, { at }),
    );
    if (position !== null) {
      await this.readModels.waitFor(position);
      this.logger.log(
        `ACM ${enabled ? "enabled" : "disabled"} on app ${app.name} (${app.id}) by ${actor.accountId}`,
      );
    }

    const current = await this.readModels.queries.appByNameOrId(app.id);
    return presentApp(current ?? app);
  }
}
