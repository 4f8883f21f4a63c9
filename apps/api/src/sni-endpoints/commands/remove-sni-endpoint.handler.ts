import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideRemoveSniEndpoint,
  sniEndpointStream,
} from "../../../../../libs/domain/src/index.js";
import { SniEndpointQueries } from "../../../../../libs/read-models/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { stepContext } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentSniEndpoint } from "../../presenters/sni-endpoint.presenter.js";
import { EarlierSniEndpointOutcome } from "../earlier-sni-endpoint-outcome.js";
import { SniEndpointNames } from "../sni-endpoint-names.js";
import { sniEndpointModel } from "../sni-endpoint-stream.model.js";
import { findUploadedEndpoint } from "../uploaded-endpoint.js";
import { RemoveSniEndpointCommand } from "./remove-sni-endpoint.command.js";

/**
 * Removes an uploaded certificate and frees its name. The read model then
 * detaches the custom domains that used it.
 */
@CommandHandler(RemoveSniEndpointCommand)
export class RemoveSniEndpointHandler implements ICommandHandler<RemoveSniEndpointCommand> {
  private readonly logger = new Logger(RemoveSniEndpointHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly endpoints: SniEndpointQueries,
    private readonly authorizer: Authorizer,
    private readonly names: SniEndpointNames,
    private readonly earlier: EarlierSniEndpointOutcome,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    endpoint: endpointIdentity,
  }: RemoveSniEndpointCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    const context = commandContext(
      actor,
      `RemoveSniEndpoint:${app.id}:${endpointIdentity}`,
    );
    const retried = await this.earlier.find(context.commandId);
    if (retried?.appId === app.id) return presentSniEndpoint(app, retried);

    const endpoint = await findUploadedEndpoint(
      this.endpoints,
      app,
      endpointIdentity,
    );
    const at = this.clock.nowIso();
    const { position } = await this.repository.execute(
      sniEndpointStream(endpoint.sniEndpointId),
      sniEndpointModel,
      context,
      (state) =>
        decideRemoveSniEndpoint(state, {
          appId: app.id,
          reason: "removed",
          at,
        }),
    );
    await this.names.release(
      app.id,
      endpoint.name,
      endpoint.sniEndpointId,
      stepContext(context, "release-name"),
      at,
      "removed",
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `SNI endpoint ${endpoint.name} (${endpoint.sniEndpointId}) removed from app ${app.id} by ${actor.accountId}; ${endpoint.domainIds.length} domain(s) detached`,
    );
    return presentSniEndpoint(app, endpoint);
  }
}
