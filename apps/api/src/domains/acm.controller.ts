import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Param,
  Post,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { SetAcmCommand } from "./commands/set-acm.command.js";
import { EnableAcmDto } from "./dto/enable-acm.dto.js";

type Json = Record<string, unknown>;

/** Automated certificate management of an app; both routes return the app. */
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

  @Delete()
  disable(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
  ): Promise<Json> {
    return this.commands.execute(new SetAcmCommand(actor, app, false));
  }
}
