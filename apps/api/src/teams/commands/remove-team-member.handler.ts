import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideRemoveTeamMember,
  notFound,
  requireTeamAdmin,
  teamStream,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentTeamMember } from "../../presenters/team.presenter.js";
import { teamModel } from "../team-stream.model.js";
import { RemoveTeamMemberCommand } from "./remove-team-member.command.js";

@CommandHandler(RemoveTeamMemberCommand)
export class RemoveTeamMemberHandler implements ICommandHandler<RemoveTeamMemberCommand> {
  private readonly logger = new Logger(RemoveTeamMemberHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    team: teamName,
    member,
  }: RemoveTeamMemberCommand): Promise<Record<string, unknown>> {
    const { team, role } = await this.authorizer.team(actor, teamName);
    requireTeamAdmin(team.name, role, "remove its members");
    const queries = this.readModels.queries;
    const account = await queries.accountByEmailOrId(member);
    const row =
      account &&
      (await queries.teamMembers(team.id)).find(
        (m) => m.accountId === account.id,
      );
    if (!account || !row)
      throw notFound("member", `${member} is not a member of ${team.name}.`);

    const context = commandContext(actor, `RemoveTeamMember:${account.id}`);
    const { position } = await this.repository.execute(
      teamStream(team.id),
      teamModel,
      context,
      (state) =>
        decideRemoveTeamMember(state, {
          accountId: account.id,
          email: account.email,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Account ${account.id} removed from team ${team.id} by ${actor.accountId}`,
    );
    return presentTeamMember(row);
  }
}
