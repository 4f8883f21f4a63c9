import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Res,
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import type { FastifyReply } from "fastify";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import {
  presentCustomDomain,
  presentDefaultDomain,
} from "../presenters/domain.presenter.js";
import { AddDomainCommand } from "./commands/add-domain.command.js";
import { RemoveDomainCommand } from "./commands/remove-domain.command.js";
import { UpdateDomainCommand } from "./commands/update-domain.command.js";
import { DomainFinder } from "./domain-finder.js";
import { DomainListing } from "./domain-listing.js";
import { parseDomainRange } from "./domain-range.js";
import { CreateDomainDto } from "./dto/create-domain.dto.js";
import { UpdateDomainDto } from "./dto/update-domain.dto.js";

type Json = Record<string, unknown>;

@Controller("apps/:app/domains")
export class DomainsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly finder: DomainFinder,
    private readonly listing: DomainListing,
  ) {}

  /**
   * Lists one page of domains. A partial page is a 206 with `Next-Range`;
   * the last page is a 200 without it, because `heroku domains` keeps
   * requesting while the status is 206.
   */
  @Get()
  async list(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
    @Headers("range") rangeHeader: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Json[]> {
    const range = parseDomainRange(rangeHeader);
    const app = await this.authorizer.app(actor, identity, "view");
    const page = await this.listing.page(app, range);
    if (page.nextRange !== null) {
      void reply.status(206).header("Next-Range", page.nextRange);
    }
    return page.domains;
  }

  @Get(":domain")
  async show(
    @Actor() actor: RequestActor,
    @Param("app") identity: string,
    @Param("domain") key: string,
  ): Promise<Json> {
    const app = await this.authorizer.app(actor, identity, "view");
    const found = await this.finder.find(app, key);
    if (found.kind === "custom") return presentCustomDomain(app, found.domain);
    const acm = await this.readModels.domains.defaultDomainAcm(app.id);
    return presentDefaultDomain(app, acm);
  }

  @Post()
  @HttpCode(201)
  add(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Body() body: CreateDomainDto,
  ): Promise<Json> {
    return this.commands.execute(
      new AddDomainCommand(actor, app, body.hostname, body.sni_endpoint),
    );
  }

  @Patch(":domain")
  update(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("domain") domain: string,
    @Body() body: UpdateDomainDto,
  ): Promise<Json> {
    return this.commands.execute(
      new UpdateDomainCommand(actor, app, domain, body.sni_endpoint),
    );
  }

  @Delete(":domain")
  remove(
    @Actor() actor: RequestActor,
    @Param("app") app: string,
    @Param("domain") domain: string,
  ): Promise<Json> {
    return this.commands.execute(new RemoveDomainCommand(actor, app, domain));
  }
}
