import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  checkTeamRole,
  decideSetTeamMember,
  normalizeEmail,
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
import { SetTeamMemberCommand } from "./set-team-member.command.js";

@CommandHandler(SetTeamMemberCommand)
export class SetTeamMemberHandler implements ICommandHandler<SetTeamMemberCommand> {
  private readonly logger = new Logger(SetTeamMemberHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: SetTeamMemberCommand,
  ): Promise<Record<string, unknown>> {
    const { actor, mode } = command;
    const { team, role: actorRole } = await this.authorizer.team(
      actor,
      command.team,
    );
    requireTeamAdmin(team.name, actorRole, "manage its members");
    const role = checkTeamRole(command.role);
    const email = normalizeEmail(command.email);
    const account = await this.readModels.queries.accountByEmail(email);
    if (!account) {
      throw notFound(
        "user",
        `No account exists for ${email}: an operator creates it with "npm run admin -- accounts:create ${email}".`,
      );
    }

    const context = commandContext(
      actor,
      `SetTeamMember:${account.id}:${role}`,
    );
    const { position } = await this.repository.execute(
      teamStream(team.id),
      teamModel,
      context,
      (state) =>
        decideSetTeamMember(state, {
          accountId: account.id,
          email,
          role,
          mode,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Account ${account.id} is ${role} of team ${team.id}, set by ${actor.accountId}`,
    );

    const members = await this.readModels.queries.teamMembers(team.id);
    const member = members.find(
      (candidate) => candidate.accountId === account.id,
    );
    if (!member)
      throw new Error(
        `Member ${account.id} of team ${team.id} is missing from the read model.`,
      );
    return presentTeamMember(member);
  }
}
