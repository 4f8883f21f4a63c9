import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  checkCreateSpace,
  type CreateSpace,
  decideCreateSpace,
  invalid,
  requireTeamAdmin,
  spaceStream,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { uuidFrom } from "../../infrastructure/command-context.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentSpace } from "../../presenters/space.presenter.js";
import { spaceModel } from "../space-stream.model.js";
import { CreateSpaceCommand } from "./create-space.command.js";

@CommandHandler(CreateSpaceCommand)
export class CreateSpaceHandler implements ICommandHandler<CreateSpaceCommand> {
  private readonly logger = new Logger(CreateSpaceHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    body,
  }: CreateSpaceCommand): Promise<Record<string, unknown>> {
    const { team, role } = await this.authorizer.team(actor, body.team);
    requireTeamAdmin(team.name, role, "create spaces");
    if (body.features && body.features.length > 0) {
      throw invalid(
        `Space features are not supported: remove ${body.features.join(", ")}.`,
      );
    }

    const context = commandContext(actor, `CreateSpace:${body.name}`);
    const spaceId = uuidFrom("space", context.commandId);
    const at = this.clock.nowIso();
    const settings: CreateSpace = {
      spaceId,
      teamId: team.id,
      name: body.name,
      region: body.region ?? "virginia",
      generation: body.generation ?? "cedar",
      shield: body.shield ?? false,
      cidr: body.cidr ?? "10.0.0.0/16",
      dataCidr: body.data_cidr ?? "172.23.0.0/20",
      at,
    };
    // Invalid settings must fail before the name is reserved.
    checkCreateSpace(settings);
    await this.reservations.reserve(
      "space-name",
      body.name,
      spaceId,
      context,
      at,
      `The space name ${body.name} is already taken.`,
      async (holder) => {
        const { state } = await this.repository.load(
          spaceStream(holder),
          spaceModel,
        );
        return state.state === "none" || state.state === "destroyed";
      },
    );
    const { position } = await this.repository.execute(
      spaceStream(spaceId),
      spaceModel,
      context,
      (state) => decideCreateSpace(state, settings),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Space ${body.name} (${spaceId}) created in team ${team.id} by ${actor.accountId}`,
    );

    const space = await this.readModels.queries.spaceByNameOrId(spaceId);
    if (!space)
      throw new Error(
        `Space ${spaceId} is missing from the read model after its creation.`,
      );
    return presentSpace(space, false);
  }
}
