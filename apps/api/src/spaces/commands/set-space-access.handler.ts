import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideSetSpaceAccess,
  normalizeSpacePermissions,
  notFound,
  requireTeamAdmin,
  spaceStream,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { SpaceAccessPresenter } from "../space-access.presenter.js";
import { spaceModel } from "../space-stream.model.js";
import { SetSpaceAccessCommand } from "./set-space-access.command.js";

@CommandHandler(SetSpaceAccessCommand)
export class SetSpaceAccessHandler implements ICommandHandler<SetSpaceAccessCommand> {
  private readonly logger = new Logger(SetSpaceAccessHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly presenter: SpaceAccessPresenter,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: SetSpaceAccessCommand,
  ): Promise<Record<string, unknown>> {
    const { actor } = command;
    const { space, role } = await this.authorizer.space(actor, command.space);
    requireTeamAdmin(space.teamName, role, "change space access");
    const permissions = normalizeSpacePermissions(command.permissions);
    const queries = this.readModels.queries;
    const account = await queries.accountByEmailOrId(command.member);
    if (!account) throw notFound("user");
    const memberRole = await queries.teamRole(space.teamId, account.id);

    const context = commandContext(
      actor,
      `SetSpaceAccess:${account.id}:${permissions.join(",")}`,
    );
    const { position } = await this.repository.execute(
      spaceStream(space.id),
      spaceModel,
      context,
      async (state) => {
        // Read the current access on every attempt, after catching up, so a
        // retry after a lost race sees the winner's change.
        await this.readModels.catchUp();
        return decideSetSpaceAccess(state, {
          accountId: account.id,
          email: account.email,
          role: memberRole,
          permissions,
          current: await queries.spacePermissionsOf(space.id, account.id),
          at: this.clock.nowIso(),
        });
      },
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Space access of ${account.id} on space ${space.id} set to [${permissions.join(",")}] by ${actor.accountId}`,
    );
    return this.presenter.present(space, account.id);
  }
}
