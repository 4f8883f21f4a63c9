import { Inject, Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideUpdateSniEndpoint,
  sniEndpointStream,
} from "../../../../../libs/domain/src/index.js";
import { SniEndpointQueries } from "../../../../../libs/read-models/src/index.js";
import type { SecretBox } from "../../../../../libs/secret-box/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { SECRET_BOX } from "../../infrastructure/tokens.js";
import { presentSniEndpoint } from "../../presenters/sni-endpoint.presenter.js";
import { CertificateInspector } from "../certificate-inspector.js";
import { sniEndpointModel } from "../sni-endpoint-stream.model.js";
import { findUploadedEndpoint } from "../uploaded-endpoint.js";
import { UpdateSniEndpointCommand } from "./update-sni-endpoint.command.js";

/** Replaces an uploaded certificate and its key. The name and attached domains stay. */
@CommandHandler(UpdateSniEndpointCommand)
export class UpdateSniEndpointHandler implements ICommandHandler<UpdateSniEndpointCommand> {
  private readonly logger = new Logger(UpdateSniEndpointHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly endpoints: SniEndpointQueries,
    private readonly authorizer: Authorizer,
    private readonly inspector: CertificateInspector,
    @Inject(SECRET_BOX) private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    endpoint: endpointIdentity,
    body,
  }: UpdateSniEndpointCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    const endpoint = await findUploadedEndpoint(
      this.endpoints,
      app,
      endpointIdentity,
    );
    const inspected = this.inspector.inspect(
      {
        certificateChain: body.certificate_chain,
        privateKey: body.private_key,
      },
      app.id,
    );
    const stream = sniEndpointStream(endpoint.sniEndpointId);
    const context = commandContext(
      actor,
      `UpdateSniEndpoint:${endpoint.sniEndpointId}`,
    );
    const privateKey = this.secretBox.encrypt(inspected.privateKey, stream);

    const { position } = await this.repository.execute(
      stream,
      sniEndpointModel,
      context,
      (state) =>
        decideUpdateSniEndpoint(state, {
          appId: app.id,
          certificateChain: inspected.certificateChain,
          privateKey,
          certificate: inspected.summary,
          at: this.clock.nowIso(),
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `SNI endpoint ${endpoint.name} (${endpoint.sniEndpointId}) of app ${app.id} ${position === null ? "already had this certificate" : "updated"}; request by ${actor.accountId}`,
    );

    const row = await this.endpoints.endpointOf(app.id, endpoint.sniEndpointId);
    if (!row)
      throw new Error(
        `SNI endpoint ${endpoint.sniEndpointId} of app ${app.id} is missing from the read model after its update.`,
      );
    return presentSniEndpoint(app, row);
  }
}
