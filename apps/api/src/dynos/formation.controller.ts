import { Body, Controller, Get, Param, Patch, Res } from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import type { FastifyReply } from "fastify";
import { notFound } from "../../../../libs/domain/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentFormation } from "../presenters/formation.presenter.js";
import { ScaleFormationCommand } from "./commands/scale-formation.command.js";
import type { ScaleResult } from "./commands/scale-formation.handler.js";
import {
  UpdateFormationDto,
  UpdateProcessTypeDto,
} from "./dto/update-formation.dto.js";

type Json = Record<string, unknown>;

@Controller("apps/:app/formation")
export class FormationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
  ) {}

  @Get()
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
  ): Promise<Json[]> {
    const app = await this.authorizer.app(actor, identity, "view");
    const rows = await this.readModels.dynos.formationOf(app.id);
    return rows.map((row) => presentFormation(app, row));
  }

  @Get(":type")
  async show(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
    @Param("type") type: string,
  ): Promise<Json> {
    const app = await this.authorizer.app(actor, identity, "view");
    const row = (await this.readModels.dynos.formationOf(app.id)).find(
      (r) => r.type === type,
    );
    if (!row)
      throw notFound(
        "process type",
        `Couldn't find that process type (${type}).`,
      );
    return presentFormation(app, row);
  }

  @Patch()
  async scale(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: UpdateFormationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json[]> {
    const result: ScaleResult = await this.commands.execute(
      new ScaleFormationCommand(actor, app, body.updates),
    );
    if (result.warning) void reply.header("Warning-Message", result.warning);
    return result.formation;
  }

  @Patch(":type")
  async scaleType(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("type") type: string,
    @Body() body: UpdateProcessTypeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json> {
    const result: ScaleResult = await this.commands.execute(
      new ScaleFormationCommand(actor, app, [{ type, ...body }]),
    );
    if (result.warning) void reply.header("Warning-Message", result.warning);
    const row = result.formation.find((item) => item.type === type);
    if (!row)
      throw notFound(
        "process type",
        `Couldn't find that process type (${type}).`,
      );
    return row;
  }
}
