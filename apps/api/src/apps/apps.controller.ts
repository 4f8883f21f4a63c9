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
import { invalid, notFound } from "../../../../libs/domain/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentApp } from "../presenters/app.presenter.js";
import { CreateAppCommand } from "./commands/create-app.command.js";
import { DestroyAppCommand } from "./commands/destroy-app.command.js";
import { RenameAppCommand } from "./commands/rename-app.command.js";
import { CreateTeamAppDto } from "./dto/create-team-app.dto.js";
import { UpdateAppDto } from "./dto/update-app.dto.js";

type Json = Record<string, unknown>;

@Controller()
export class AppsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
  ) {}

  @Post("teams/apps")
  @HttpCode(201)
  create(
    @Actor() actor: RequestActor,
    @Body() body: CreateTeamAppDto,
  ): Promise<Json> {
    return this.commands.execute(new CreateAppCommand(actor, body));
  }

  @Post("apps")
  createPersonal(): never {
    throw invalid(
      "Apps belong to a team here: create the app with --team TEAM or --space SPACE.",
    );
  }

  @Get("teams/:team/apps")
  async listTeamApps(
    @Actor() actor: RequestActor,
    @Param("team") teamName: string,
  ): Promise<Json[]> {
    const { team } = await this.authorizer.team(actor, teamName);
    const apps = await this.readModels.queries.appsOfTeam(team.id);
    return this.authorizer.presentList(actor, apps);
  }

  @Get("users/:user/apps")
  async listUserApps(
    @Actor() actor: RequestActor,
    @Param("user") user: string,
  ): Promise<Json[]> {
    const self =
      user === "~" || user === actor.email || user === actor.accountId;
    if (!self) throw notFound("user");
    return this.listVisible(actor);
  }

  @Get("apps")
  listApps(@Actor() actor: RequestActor): Promise<Json[]> {
    return this.listVisible(actor);
  }

  @Get("apps/:app")
  async show(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json> {
    return presentApp(await this.authorizer.app(actor, app, "view"));
  }

  @Patch("apps/:app")
  rename(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: UpdateAppDto,
  ): Promise<Json> {
    return this.commands.execute(new RenameAppCommand(actor, app, body.name));
  }

  @Delete("apps/:app")
  destroy(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json> {
    return this.commands.execute(new DestroyAppCommand(actor, app));
  }

  /** Add-ons are not provisioned yet, so every app has none. */
  @Get("apps/:app/addons")
  async addons(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json[]> {
    await this.authorizer.app(actor, app, "view");
    return [];
  }

  /** Pipelines are not modelled, so no app is coupled to one. */
  @Get("apps/:app/pipeline-couplings")
  async pipelineCoupling(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<never> {
    await this.authorizer.app(actor, app, "view");
    throw notFound("pipeline coupling");
  }

  private async listVisible(actor: RequestActor): Promise<Json[]> {
    const apps = await this.readModels.queries.appsVisibleTo(actor.accountId);
    return this.authorizer.presentList(actor, apps);
  }
}
