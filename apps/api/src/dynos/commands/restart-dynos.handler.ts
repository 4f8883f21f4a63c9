import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideRestartDynos,
  decideStopDyno,
  dynoStream,
  notFound,
} from "../../../../../libs/domain/src/index.js";
import { appModel } from "../../apps/app-stream.model.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { uuidFrom } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { dynoModel } from "../dyno-stream.model.js";
import { RestartDynosCommand } from "./restart-dynos.command.js";

/**
 * Restarts formation dynos as new incarnations with the same names. A
 * one-off dyno cannot be restarted: restarting it, or all dynos, stops it.
 */
@CommandHandler(RestartDynosCommand)
export class RestartDynosHandler implements ICommandHandler<RestartDynosCommand> {
  private readonly logger = new Logger(RestartDynosHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    target,
  }: RestartDynosCommand): Promise<void> {
    const app = await this.authorizer.app(actor, identity, "operate");
    const context = commandContext(
      actor,
      `RestartDynos:${target.type ?? ""}:${target.name ?? ""}`,
    );
    const dynos = await this.readModels.dynos.dynosOf(app.id);
    if (target.name && !dynos.some((dyno) => dyno.name === target.name)) {
      throw notFound("dyno", `Couldn't find that dyno (${target.name}).`);
    }

    const oneOffs = dynos.filter(
      (dyno) =>
        dyno.origin === "run" &&
        (target.name
          ? dyno.name === target.name
          : target.type === undefined || target.type === "run"),
    );
    let last: number | null = null;
    for (const dyno of oneOffs) {
      const { position } = await this.repository.execute(
        dynoStream(dyno.dynoId),
        dynoModel,
        context,
        (state) =>
          decideStopDyno(state, {
            reason: "restarted",
            at: this.clock.nowIso(),
          }),
      );
      last = position ?? last;
    }
    if (
      target.type !== "run" &&
      !oneOffs.some((dyno) => dyno.name === target.name)
    ) {
      const { position } = await this.repository.execute(
        appStream(app.id),
        appModel,
        context,
        (state) =>
          decideRestartDynos(state, {
            target,
            dynoId: (name) => uuidFrom("dyno", context.commandId, name),
            at: this.clock.nowIso(),
          }),
      );
      last = position ?? last;
    }
    if (last !== null) await this.readModels.waitFor(last);
    this.logger.log(
      `Restart of ${target.name ?? target.type ?? "all dynos"} on app ${app.id} requested by ${actor.accountId}`,
    );
  }
}
