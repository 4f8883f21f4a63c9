import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideDestroySpace,
  requireTeamAdmin,
  spaceStream,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentSpace } from "../../presenters/space.presenter.js";
import { spaceModel } from "../space-stream.model.js";
import { DestroySpaceCommand } from "./destroy-space.command.js";

@CommandHandler(DestroySpaceCommand)
export class DestroySpaceHandler implements ICommandHandler<DestroySpaceCommand> {
  private readonly logger = new Logger(DestroySpaceHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    space: identity,
  }: DestroySpaceCommand): Promise<Record<string, unknown>> {
    const { space, role } = await this.authorizer.space(actor, identity);
    requireTeamAdmin(space.teamName, role, "destroy spaces");
    // NOTE: an app created in the space between this count and the append is not seen; the
    // space stream would need to record its apps to close that window.
    const liveAppCount = await this.readModels.queries.appCountInSpace(
      space.id,
    );
    const context = commandContext(actor, "DestroySpace");
    const at = this.clock.nowIso();

    const { position } = await this.repository.execute(
      spaceStream(space.id),
      spaceModel,
      context,
      (state) => decideDestroySpace(state, { liveAppCount, at }),
    );
    await this.reservations.release(
      "space-name",
      space.name,
      space.id,
      context,
      at,
      "destroyed",
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Space ${space.name} (${space.id}) destroyed by ${actor.accountId}`,
    );
    return presentSpace(space, false);
  }
}
