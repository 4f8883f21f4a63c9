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
import { notFound } from "../../../../libs/domain/src/index.js";
import { SniEndpointQueries } from "../../../../libs/read-models/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { presentSniEndpoint } from "../presenters/sni-endpoint.presenter.js";
import { AddSniEndpointCommand } from "./commands/add-sni-endpoint.command.js";
import { RemoveSniEndpointCommand } from "./commands/remove-sni-endpoint.command.js";
import { UpdateSniEndpointCommand } from "./commands/update-sni-endpoint.command.js";
import { SniEndpointBodyDto } from "./dto/sni-endpoint-body.dto.js";

type Json = Record<string, unknown>;

/** Uploaded certificates (`certs:*`), and the ACM certificates in listings. */
@Controller("apps/:app/sni-endpoints")
export class SniEndpointsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly endpoints: SniEndpointQueries,
    private readonly authorizer: Authorizer,
  ) {}

  @Get()
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
  ): Promise<Json[]> {
    const app = await this.authorizer.app(actor, identity, "view");
    const rows = await this.endpoints.endpointsOf(app.id);
    return rows.map((row) => presentSniEndpoint(app, row));
  }

  @Get(":endpoint")
  async show(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
    @Param("endpoint") endpoint: string,
  ): Promise<Json> {
    const app = await this.authorizer.app(actor, identity, "view");
    const row = await this.endpoints.endpointOf(app.id, endpoint);
    if (!row)
      throw notFound("sni-endpoint", "Couldn't find that SNI endpoint.");
    return presentSniEndpoint(app, row);
  }

  @Post()
  @HttpCode(201)
  add(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: SniEndpointBodyDto,
  ): Promise<Json> {
    return this.commands.execute(new AddSniEndpointCommand(actor, app, body));
  }

  @Patch(":endpoint")
  update(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("endpoint") endpoint: string,
    @Body() body: SniEndpointBodyDto,
  ): Promise<Json> {
    return this.commands.execute(
      new UpdateSniEndpointCommand(actor, app, endpoint, body),
    );
  }

  @Delete(":endpoint")
  remove(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("endpoint") endpoint: string,
  ): Promise<Json> {
    return this.commands.execute(
      new RemoveSniEndpointCommand(actor, app, endpoint),
    );
  }
}
