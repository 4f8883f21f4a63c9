import { Controller, Get } from "@nestjs/common";
import { notFound } from "../../../../libs/domain/src/index.js";
import { Actor, type RequestActor } from "../http/request-actor.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentAccount } from "../presenters/account.presenter.js";

/**
 * The caller's account. The CLI also sends `GET /account` to its
 * particleboard host; pointed at this server, this route serves that too.
 */
@Controller("account")
export class AccountController {
  constructor(private readonly readModels: ReadModelsService) {}

  @Get()
  async show(@Actor() actor: RequestActor): Promise<Record<string, unknown>> {
    const account = await this.readModels.queries.accountByEmailOrId(
      actor.accountId,
    );
    if (!account) throw notFound("account");
    return presentAccount(account);
  }
}
