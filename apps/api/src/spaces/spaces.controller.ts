import { createHash } from "node:crypto";
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
} from "@nestjs/common";
import { CommandBus } from "@nestjs/cqrs";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { Authorizer } from "../infrastructure/authorizer.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentSpace } from "../presenters/space.presenter.js";
import { CreateSpaceCommand } from "./commands/create-space.command.js";
import { DestroySpaceCommand } from "./commands/destroy-space.command.js";
import { SetSpaceAccessCommand } from "./commands/set-space-access.command.js";
import { CreateSpaceDto } from "./dto/create-space.dto.js";
import { SpaceAccessDto } from "./dto/space-access.dto.js";
import { SpaceAccessPresenter } from "./space-access.presenter.js";

type Json = Record<string, unknown>;

@Controller("spaces")
export class SpacesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly access: SpaceAccessPresenter,
  ) {}

  @Get()
  async list(@Actor() actor: RequestActor): Promise<Json[]> {
    const spaces = await this.readModels.queries.spacesVisibleTo(
      actor.accountId,
    );
    return spaces.map((space) => presentSpace(space, false));
  }

  @Post()
  @HttpCode(201)
  create(
    @Actor() actor: RequestActor,
    @Body() body: CreateSpaceDto,
  ): Promise<Json> {
    return this.commands.execute(new CreateSpaceCommand(actor, body));
  }

  @Get(":space")
  async show(
    @Actor() actor: RequestActor,
    @Param("space") identity: string,
    @Headers("accept-expansion") expansion: string | undefined,
  ): Promise<Json> {
    const { space } = await this.authorizer.space(actor, identity);
    const expandRegion = (expansion ?? "")
      .split(",")
      .some((item) => item.trim() === "region");
    return presentSpace(space, expandRegion);
  }

  @Delete(":space")
  destroy(
    @Actor() actor: RequestActor,
    @Param("space") space: string,
  ): Promise<Json> {
    return this.commands.execute(new DestroySpaceCommand(actor, space));
  }

  /**
   * Outbound addresses of the space. NOTE: they are simulated, drawn from
   * the 203.0.113.0/24 documentation range, until a real network driver exists.
   */
  @Get(":space/nat")
  async nat(
    @Actor() actor: RequestActor,
    @Param("space") identity: string,
  ): Promise<Json> {
    const { space } = await this.authorizer.space(actor, identity);
    const digest = createHash("sha256").update(space.id).digest();
    return {
      created_at: space.createdAt,
      updated_at: space.updatedAt,
      state: space.state === "allocated" ? "enabled" : "updating",
      sources: [
        `203.0.113.${((digest[0] ?? 0) % 254) + 1}`,
        `203.0.113.${((digest[1] ?? 0) % 254) + 1}`,
      ],
    };
  }

  @Get(":space/members")
  async members(
    @Actor() actor: RequestActor,
    @Param("space") identity: string,
  ): Promise<Json[]> {
    const { space } = await this.authorizer.space(actor, identity);
    return this.access.list(space);
  }

  @Get(":space/members/:member")
  async member(
    @Actor() actor: RequestActor,
    @Param("space") identity: string,
    @Param("member") member: string,
  ): Promise<Json> {
    const { space } = await this.authorizer.space(actor, identity);
    const account = await this.readModels.queries.accountByEmailOrId(member);
    return this.access.present(space, account?.id ?? "");
  }

  @Patch(":space/members/:member")
  setAccess(
    @Actor() actor: RequestActor,
    @Param("space") space: string,
    @Param("member") member: string,
    @Body() body: SpaceAccessDto,
  ): Promise<Json> {
    const permissions = body.permissions.map((permission) => permission.name);
    return this.commands.execute(
      new SetSpaceAccessCommand(actor, space, member, permissions),
    );
  }
}
