import { Inject, Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  decideAddSniEndpoint,
  sniEndpointStream,
} from "../../../../../libs/domain/src/index.js";
import {
  type AppRow,
  SniEndpointQueries,
} from "../../../../../libs/read-models/src/index.js";
import type { SecretBox } from "../../../../../libs/secret-box/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { uuidFrom } from "../../infrastructure/command-context.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { SECRET_BOX } from "../../infrastructure/tokens.js";
import { presentSniEndpoint } from "../../presenters/sni-endpoint.presenter.js";
import { CertificateInspector } from "../certificate-inspector.js";
import { EarlierSniEndpointOutcome } from "../earlier-sni-endpoint-outcome.js";
import { SniEndpointNames } from "../sni-endpoint-names.js";
import { sniEndpointModel } from "../sni-endpoint-stream.model.js";
import { AddSniEndpointCommand } from "./add-sni-endpoint.command.js";

/**
 * Checks an uploaded certificate, names it and stores it with its key
 * encrypted. The endpoint id derives from the command, so a retried
 * upload finds the endpoint its first attempt created.
 */
@CommandHandler(AddSniEndpointCommand)
export class AddSniEndpointHandler implements ICommandHandler<AddSniEndpointCommand> {
  private readonly logger = new Logger(AddSniEndpointHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly endpoints: SniEndpointQueries,
    private readonly authorizer: Authorizer,
    private readonly inspector: CertificateInspector,
    private readonly names: SniEndpointNames,
    private readonly earlier: EarlierSniEndpointOutcome,
    @Inject(SECRET_BOX) private readonly secretBox: SecretBox,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    body,
  }: AddSniEndpointCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    const context = commandContext(actor, `AddSniEndpoint:${app.id}`);
    const sniEndpointId = uuidFrom("sni-endpoint", context.commandId);
    const stream = sniEndpointStream(sniEndpointId);
    const retried = await this.retriedOutcome(app, sniEndpointId);
    if (retried) return retried;

    const inspected = this.inspector.inspect(
      {
        certificateChain: body.certificate_chain,
        privateKey: body.private_key,
      },
      app.id,
    );
    const at = this.clock.nowIso();
    const seed = Number.parseInt(sniEndpointId.slice(0, 8), 16);
    const name = await this.names.claim(
      app.id,
      sniEndpointId,
      seed,
      context,
      at,
    );
    // The stream id is bound to the ciphertext, so it opens only for this endpoint.
    const privateKey = this.secretBox.encrypt(inspected.privateKey, stream);

    const { position } = await this.repository.execute(
      stream,
      sniEndpointModel,
      context,
      (state) =>
        decideAddSniEndpoint(state, {
          sniEndpointId,
          appId: app.id,
          name,
          certificateChain: inspected.certificateChain,
          privateKey,
          certificate: inspected.summary,
          at,
        }),
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `SNI endpoint ${name} (${sniEndpointId}) for ${inspected.summary.certDomains.join(", ")} added to app ${app.id} by ${actor.accountId}`,
    );
    return this.present(app, sniEndpointId);
  }

  /** Returns the endpoint when an earlier attempt of this request created it. */
  private async retriedOutcome(
    app: AppRow,
    sniEndpointId: string,
  ): Promise<Record<string, unknown> | null> {
    const { recorded } = await this.repository.load(
      sniEndpointStream(sniEndpointId),
      sniEndpointModel,
    );
    const last = recorded.at(-1);
    if (!last) return null;

    this.logger.log(
      `Upload retried for SNI endpoint ${sniEndpointId} of app ${app.id}; returning the first outcome`,
    );
    await this.readModels.waitFor(last.position);
    const row =
      (await this.endpoints.endpointOf(app.id, sniEndpointId)) ??
      (await this.earlier.fromStream(sniEndpointId));
    return row && presentSniEndpoint(app, row);
  }

  private async present(
    app: AppRow,
    sniEndpointId: string,
  ): Promise<Record<string, unknown>> {
    const row = await this.endpoints.endpointOf(app.id, sniEndpointId);
    if (!row)
      throw new Error(
        `SNI endpoint ${sniEndpointId} of app ${app.id} is missing from the read model after its upload.`,
      );
    return presentSniEndpoint(app, row);
  }
}
