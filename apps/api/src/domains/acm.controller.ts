import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Patch,
  Post,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { RefreshAcmCommand } from "../certificates/commands/refresh-acm.command.js";
import { SetAcmCommand } from "./commands/set-acm.command.js";
import { EnableAcmDto } from "./dto/enable-acm.dto.js";
import { RefreshAcmDto } from "./dto/refresh-acm.dto.js";

type Json = Record<string, unknown>;

/** Automated certificate management of an app; every route returns the app. */
@Controller("apps/:app/acm")
export class AcmController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  enable(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() _body: EnableAcmDto,
  ): Promise<Json> {
    return this.commands.execute(new SetAcmCommand(actor, app, true));
  }

  @Patch()
  refresh(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() _body: RefreshAcmDto,
  ): Promise<Json> {
    return this.commands.execute(new RefreshAcmCommand(actor, app));
  }

  @Delete()
  disable(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json> {
    return this.commands.execute(new SetAcmCommand(actor, app, false));
  }
}
