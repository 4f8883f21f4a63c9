import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import type { FastifyReply } from "fastify";
import { notFound } from "../../../../libs/domain/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentDyno } from "../presenters/formation.presenter.js";
import { RestartDynosCommand } from "./commands/restart-dynos.command.js";
import { RunDynoCommand } from "./commands/run-dyno.command.js";
import type { RunResult } from "./commands/run-dyno.handler.js";
import { StopDynosCommand } from "./commands/stop-dynos.command.js";
import { CreateDynoDto } from "./dto/create-dyno.dto.js";

type Json = Record<string, unknown>;

@Controller("apps/:app")
export class DynosController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
  ) {}

  @Get("dynos")
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
  ): Promise<Json[]> {
    const app = await this.authorizer.app(actor, identity, "view");
    const dynos = await this.readModels.dynos.dynosOf(app.id);
    return dynos.map((dyno) => presentDyno(app, dyno));
  }

  @Get("dynos/:dyno")
  async show(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
    @Param("dyno") name: string,
  ): Promise<Json> {
    const app = await this.authorizer.app(actor, identity, "view");
    const dyno =
      (await this.readModels.dynos.dynoByName(app.id, name)) ??
      (await this.readModels.dynos.dynoById(name));
    if (!dyno || dyno.appId !== app.id)
      throw notFound("dyno", `Couldn't find that dyno (${name}).`);
    return presentDyno(app, dyno);
  }

  @Post("dynos")
  @HttpCode(201)
  async run(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: CreateDynoDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const result: RunResult = await this.commands.execute(
      new RunDynoCommand(actor, app, body),
    );
    if (result.warning) void reply.header("Warning-Message", result.warning);
    return result.dyno;
  }

  @Delete("dynos")
  @HttpCode(202)
  async restartAll(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json> {
    await this.commands.execute(new RestartDynosCommand(actor, app, {}));
    return {};
  }

  @Delete("dynos/:dyno")
  @HttpCode(202)
  async restartOne(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("dyno") name: string,
  ): Promise<Json> {
    // The CLI's older argument form sends a process type (`web`) in place of a dyno name.
    const target = name.includes(".") ? { name } : { type: name };
    await this.commands.execute(new RestartDynosCommand(actor, app, target));
    return {};
  }

  @Delete("formations/:type")
  @HttpCode(202)
  async restartType(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("type") type: string,
  ): Promise<Json> {
    await this.commands.execute(new RestartDynosCommand(actor, app, { type }));
    return {};
  }

  @Post("dynos/:dyno/actions/stop")
  @HttpCode(202)
  async stopOne(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("dyno") name: string,
  ): Promise<Json> {
    const target = name.includes(".") ? { name } : { type: name };
    await this.commands.execute(new StopDynosCommand(actor, app, target));
    return {};
  }

  @Post("formations/:type/actions/stop")
  @HttpCode(202)
  async stopType(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("type") type: string,
  ): Promise<Json> {
    await this.commands.execute(new StopDynosCommand(actor, app, { type }));
    return {};
  }
}
