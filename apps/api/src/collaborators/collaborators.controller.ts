import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentCollaborator } from "../presenters/collaborator.presenter.js";
import { GrantPermissionCommand } from "./commands/grant-permission.command.js";
import { RevokePermissionCommand } from "./commands/revoke-permission.command.js";
import { AddCollaboratorDto } from "./dto/add-collaborator.dto.js";
import { UpdateCollaboratorDto } from "./dto/update-collaborator.dto.js";

type Json = Record<string, unknown>;

@Controller()
export class CollaboratorsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
  ) {}

  @Get(["apps/:app/collaborators", "teams/apps/:app/collaborators"])
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
  ): Promise<Json[]> {
    const app = await this.authorizer.app(actor, identity, "view");
    const rows = await this.readModels.queries.collaborators(app);
    return rows.map((row) => presentCollaborator(app, row));
  }

  /**
   * The CLI posts to the first path for teams with fine-grained permissions
   * and to the second otherwise; without `permissions` the grant is view.
   */
  @Post(["teams/apps/:app/collaborators", "apps/:app/collaborators"])
  @HttpCode(201)
  add(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: AddCollaboratorDto,
  ): Promise<Json> {
    return this.commands.execute(
      new GrantPermissionCommand(
        actor,
        app,
        body.user,
        body.permissions ?? ["view"],
        "add",
      ),
    );
  }

  @Patch("teams/apps/:app/collaborators/:user")
  update(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("user") user: string,
    @Body() body: UpdateCollaboratorDto,
  ): Promise<Json> {
    return this.commands.execute(
      new GrantPermissionCommand(actor, app, user, body.permissions, "update"),
    );
  }

  @Delete([
    "apps/:app/collaborators/:user",
    "teams/apps/:app/collaborators/:user",
  ])
  remove(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("user") user: string,
  ): Promise<Json> {
    return this.commands.execute(new RevokePermissionCommand(actor, app, user));
  }
}
