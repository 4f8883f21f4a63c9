import { Inject, Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  certificateStream,
  decideRefreshCertificate,
  invalid,
} from "../../../../../libs/domain/src/index.js";
import {
  CertificateQueries,
  type ReadModelDb,
} from "../../../../../libs/read-models/src/index.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { presentApp } from "../../presenters/app.presenter.js";
import { certificateModel } from "../certificate-stream.model.js";
import { RefreshAcmCommand } from "./refresh-acm.command.js";

/**
 * Handles `PATCH /apps/{app}/acm` with `acm_refresh`: each certificate of
 * the app whose last round failed starts a new one at once, for example
 * after the owner fixed a domain's DNS. Returns the app.
 */
@CommandHandler(RefreshAcmCommand)
export class RefreshAcmHandler implements ICommandHandler<RefreshAcmCommand> {
  private readonly logger = new Logger(RefreshAcmHandler.name);
  private readonly certificates: CertificateQueries;

  constructor(
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {
    this.certificates = new CertificateQueries(db);
  }

  async execute({
    actor,
    app: identity,
  }: RefreshAcmCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity, "manage");
    if (!app.acm) {
      throw invalid(
        `Automatic Certificate Management is disabled on ${app.name}: enable it with heroku certs:auto:enable -a ${app.name}.`,
      );
    }

    let refreshed = 0;
    let last: number | null = null;
    for (const certificateId of await this.certificates.failedOf(app.id)) {
      const { position } = await this.repository.execute(
        certificateStream(certificateId),
        certificateModel,
        commandContext(actor, `RefreshAcm:${certificateId}`),
        (state) => decideRefreshCertificate(state, { now: this.clock.now() }),
      );
      if (position !== null) {
        refreshed += 1;
        last = position;
      }
    }
    if (last !== null) await this.readModels.waitFor(last);
    this.logger.log(
      `ACM refresh of app ${app.name} (${app.id}) by ${actor.accountId}: ${refreshed} failed certificates restarted`,
    );

    const current = await this.readModels.queries.appByNameOrId(app.id);
    return presentApp(current ?? app);
  }
}
