import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  customDomainStream,
  decideRemoveCustomDomain,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentCustomDomain } from "../../presenters/domain.presenter.js";
import { canonicalKey, DomainFinder } from "../domain-finder.js";
import { customDomainModel } from "../domain-stream.model.js";
import { EarlierDomainOutcome } from "../earlier-domain-outcome.js";
import { RemoveDomainCommand } from "./remove-domain.command.js";

/** Removes a custom domain, frees its hostname and returns the domain as it was. */
@CommandHandler(RemoveDomainCommand)
export class RemoveDomainHandler implements ICommandHandler<RemoveDomainCommand> {
  private readonly logger = new Logger(RemoveDomainHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly finder: DomainFinder,
    private readonly earlier: EarlierDomainOutcome,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    domain: key,
  }: RemoveDomainCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    const context = commandContext(
      actor,
      `RemoveDomain:${app.id}:${canonicalKey(key)}`,
    );
    const retried = await this.earlier.find(app, context.commandId);
    if (retried) return retried;

    const domain = await this.finder.findCustom(app, key, "removed");
    const at = this.clock.nowIso();
    const { position } = await this.repository.execute(
      customDomainStream(domain.domainId),
      customDomainModel,
      context,
      (state) => decideRemoveCustomDomain(state, { reason: "removed", at }),
    );
    await this.reservations.release(
      "hostname",
      domain.hostname,
      domain.domainId,
      context,
      at,
      "removed",
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Domain ${domain.hostname} (${domain.domainId}) removed from app ${app.name} (${app.id}) by ${actor.accountId}`,
    );
    return presentCustomDomain(app, domain);
  }
}
