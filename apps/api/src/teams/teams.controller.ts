import {
  Body,
  Controller,
  Delete,
  Get,
  Param,
  Patch,
  Put,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import { forbidden, notFound } from "../../../../libs/domain/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentPermission } from "../presenters/permission.presenter.js";
import {
  presentTeam,
  presentTeamMember,
} from "../presenters/team.presenter.js";
import { RemoveTeamMemberCommand } from "./commands/remove-team-member.command.js";
import { SetTeamMemberCommand } from "./commands/set-team-member.command.js";
import { TeamMemberDto } from "./dto/team-member.dto.js";
import { teamFeatures } from "./team-features.js";

type Json = Record<string, unknown>;

@Controller("teams")
export class TeamsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
  ) {}

  @Get()
  async list(@Actor() actor: RequestActor): Promise<Json[]> {
    const teams = await this.readModels.queries.teamsOf(actor.accountId);
    return teams.map((team) => presentTeam(team, team.role));
  }

  /** Lists the four app permissions, which `heroku access` shows for admins. */
  @Get("permissions")
  permissions(): Json[] {
    return ["deploy", "manage", "operate", "view"].map(presentPermission);
  }

  @Get(":team")
  async show(
    @Actor() actor: RequestActor,
    @Param("team") name: string,
  ): Promise<Json> {
    const { team, role } = await this.authorizer.team(actor, name);
    return presentTeam(team, role);
  }

  @Get(":team/features")
  async features(
    @Actor() actor: RequestActor,
    @Param("team") name: string,
  ): Promise<Json[]> {
    const { team } = await this.authorizer.team(actor, name);
    return teamFeatures(team);
  }

  /**
   * Lists the members for any team member. A collaborator on a team app gets
   * 403, which `heroku access` tolerates; anyone else gets 404.
   */
  @Get(":team/members")
  async members(
    @Actor() actor: RequestActor,
    @Param("team") name: string,
  ): Promise<Json[]> {
    const queries = this.readModels.queries;
    const team = await queries.teamByNameOrId(name);
    if (!team) throw notFound("team");
    if ((await queries.teamRole(team.id, actor.accountId)) === null) {
      const apps = await queries.appsVisibleTo(actor.accountId);
      if (apps.some((app) => app.teamId === team.id)) {
        throw forbidden(
          `Only members of the team ${team.name} can list its members.`,
        );
      }
      throw notFound("team");
    }
    const members = await queries.teamMembers(team.id);
    return members.map(presentTeamMember);
  }

  @Put(":team/members")
  upsertMember(
    @Actor() actor: RequestActor,
    @Param("team") team: string,
    @Body() body: TeamMemberDto,
  ): Promise<Json> {
    return this.commands.execute(
      new SetTeamMemberCommand(actor, team, body.email, body.role, "upsert"),
    );
  }

  @Patch(":team/members")
  updateMember(
    @Actor() actor: RequestActor,
    @Param("team") team: string,
    @Body() body: TeamMemberDto,
  ): Promise<Json> {
    return this.commands.execute(
      new SetTeamMemberCommand(actor, team, body.email, body.role, "update"),
    );
  }

  @Delete(":team/members/:member")
  removeMember(
    @Actor() actor: RequestActor,
    @Param("team") team: string,
    @Param("member") member: string,
  ): Promise<Json> {
    return this.commands.execute(
      new RemoveTeamMemberCommand(actor, team, member),
    );
  }
}
