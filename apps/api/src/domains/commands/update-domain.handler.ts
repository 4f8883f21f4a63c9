import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  customDomainStream,
  decideChangeSniEndpoint,
  notFound,
} from "../../../../../libs/domain/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentCustomDomain } from "../../presenters/domain.presenter.js";
import { canonicalKey, DomainFinder } from "../domain-finder.js";
import { customDomainModel } from "../domain-stream.model.js";
import { resolveSniEndpoint } from "../sni-endpoint-reference.js";
import { UpdateDomainCommand } from "./update-domain.command.js";

/** Attaches a custom domain to one of the app's SNI endpoints, or detaches it. */
@CommandHandler(UpdateDomainCommand)
export class UpdateDomainHandler implements ICommandHandler<UpdateDomainCommand> {
  private readonly logger = new Logger(UpdateDomainHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly finder: DomainFinder,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: UpdateDomainCommand,
  ): Promise<Record<string, unknown>> {
    const { actor } = command;
    const app = await this.authorizer.app(actor, command.app, "manage");
    const domain = await this.finder.findCustom(app, command.domain, "changed");
    const sniEndpointId = await resolveSniEndpoint(
      this.readModels,
      app,
      command.sniEndpoint,
    );
    const context = commandContext(
      actor,
      `UpdateDomain:${app.id}:${canonicalKey(command.domain)}:${sniEndpointId ?? ""}`,
    );

    const { position } = await this.repository.execute(
      customDomainStream(domain.domainId),
      customDomainModel,
      context,
      (state) =>
        decideChangeSniEndpoint(state, {
          sniEndpointId,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) {
      await this.readModels.waitFor(position);
      this.logger.log(
        `Domain ${domain.hostname} (${domain.domainId}) of app ${app.id} attached to SNI endpoint ${sniEndpointId ?? "none"} by ${actor.accountId}`,
      );
    }
    const updated = await this.readModels.domains.byId(domain.domainId);
    if (!updated) throw notFound("domain");
    return presentCustomDomain(app, updated);
  }
}
