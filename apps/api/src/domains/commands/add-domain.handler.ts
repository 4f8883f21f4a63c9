import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  checkCustomDomainLimit,
  customDomainStream,
  decideAddCustomDomain,
  dnsTargetFromSeed,
  normalizeHostname,
  notFound,
} from "../../../../../libs/domain/src/index.js";
import type { AppRow } from "../../../../../libs/read-models/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import {
  type CommandContext,
  stepContext,
  uuidFrom,
} from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { NameReservations } from "../../infrastructure/name-reservations.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentCustomDomain } from "../../presenters/domain.presenter.js";
import { customDomainModel } from "../domain-stream.model.js";
import { isHostnameHolderStale } from "../hostname-holder.js";
import { resolveSniEndpoint } from "../sni-endpoint-reference.js";
import { AddDomainCommand } from "./add-domain.command.js";

/**
 * Reserves the hostname across all apps, then records the domain in its own
 * stream. A failed append frees the hostname again.
 */
@CommandHandler(AddDomainCommand)
export class AddDomainHandler implements ICommandHandler<AddDomainCommand> {
  private readonly logger = new Logger(AddDomainHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly reservations: NameReservations,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute(command: AddDomainCommand): Promise<Record<string, unknown>> {
    const { actor } = command;
    const app = await this.authorizer.app(actor, command.app, "manage");
    const hostname = normalizeHostname(command.hostname);
    const sniEndpointId = await resolveSniEndpoint(
      this.readModels,
      app,
      command.sniEndpoint,
    );
    // Retries of one request derive the same command id, hence the same
    // domain id and DNS target.
    const context = commandContext(actor, `AddDomain:${app.id}:${hostname}`);
    const domainId = uuidFrom("custom-domain", context.commandId);
    const earlier = await this.readModels.domains.byId(domainId);
    if (earlier) return presentCustomDomain(app, earlier);

    // NOTE: the count comes from the read model, so concurrent adds to one
    // app can each pass the check and exceed the limit by a few domains.
    const domainsOnApp = await this.readModels.domains.countOf(app.id);
    checkCustomDomainLimit(app.name, domainsOnApp, hostname);
    const at = this.clock.nowIso();
    await this.reservations.reserve(
      "hostname",
      hostname,
      domainId,
      context,
      at,
      `Hostname ${hostname} is already taken.`,
      (holder) => isHostnameHolderStale(this.repository, holder),
    );

    const position = await this.append(app, context, at, {
      domainId,
      hostname,
      sniEndpointId,
      domainsOnApp,
    });
    if (position !== null) await this.readModels.waitFor(position);
    const domain = await this.readModels.domains.byId(domainId);
    if (!domain) {
      // A retry whose first attempt added the domain, which was removed since.
      await this.undoReservation(hostname, domainId, context, at);
      throw notFound("domain");
    }
    this.logger.log(
      `Domain ${hostname} (${domainId}) added to app ${app.name} (${app.id}) by ${actor.accountId}`,
    );
    return presentCustomDomain(app, domain);
  }

  private async append(
    app: AppRow,
    context: CommandContext,
    at: string,
    domain: {
      domainId: string;
      hostname: string;
      sniEndpointId: string | null;
      domainsOnApp: number;
    },
  ): Promise<number | null> {
    const cname = dnsTargetFromSeed(uuidFrom("dns-target", domain.domainId));
    try {
      const { position } = await this.repository.execute(
        customDomainStream(domain.domainId),
        customDomainModel,
        context,
        (state) =>
          decideAddCustomDomain(state, {
            ...domain,
            appId: app.id,
            appName: app.name,
            cname,
            at,
          }),
      );
      return position;
    } catch (error) {
      await this.undoReservation(domain.hostname, domain.domainId, context, at);
      throw error;
    }
  }

  private async undoReservation(
    hostname: string,
    domainId: string,
    context: CommandContext,
    at: string,
  ): Promise<void> {
    this.logger.warn(
      `Freeing hostname ${hostname} reserved for domain ${domainId}, which was not added`,
    );
    await this.reservations.release(
      "hostname",
      hostname,
      domainId,
      stepContext(context, "undo-reservation"),
      at,
      "add-failed",
    );
  }
}
