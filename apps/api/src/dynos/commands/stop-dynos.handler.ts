import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideStopDyno,
  dynoStream,
  notFound,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { dynoModel } from "../dyno-stream.model.js";
import { StopDynosCommand } from "./stop-dynos.command.js";

/**
 * Stops dynos without changing the formation: a stopped formation dyno
 * stays down until the next restart or scale of its process type.
 */
@CommandHandler(StopDynosCommand)
export class StopDynosHandler implements ICommandHandler<StopDynosCommand> {
  private readonly logger = new Logger(StopDynosHandler.name);

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
  }: StopDynosCommand): Promise<void> {
    const app = await this.authorizer.app(actor, identity, "operate");
    const dynos = (await this.readModels.dynos.dynosOf(app.id)).filter(
      (dyno) =>
        "name" in target
          ? dyno.name === target.name
          : dyno.type === target.type,
    );
    if ("name" in target && dynos.length === 0) {
      throw notFound("dyno", `Couldn't find that dyno (${target.name}).`);
    }
    if ("type" in target && dynos.length === 0) {
      const types = await this.readModels.dynos.formationOf(app.id);
      if (
        !types.some((row) => row.type === target.type) &&
        target.type !== "run"
      ) {
        throw notFound(
          "process type",
          `Couldn't find that process type (${target.type}).`,
        );
      }
    }

    const context = commandContext(
      actor,
      `StopDynos:${"name" in target ? target.name : target.type}`,
    );
    let last: number | null = null;
    for (const dyno of dynos) {
      const { position } = await this.repository.execute(
        dynoStream(dyno.dynoId),
        dynoModel,
        context,
        (state) =>
          decideStopDyno(state, { reason: "stopped", at: this.clock.nowIso() }),
      );
      last = position ?? last;
    }
    if (last !== null) await this.readModels.waitFor(last);
    this.logger.log(
      `Stop of ${dynos.length} dynos on app ${app.id} requested by ${actor.accountId}`,
    );
  }
}
