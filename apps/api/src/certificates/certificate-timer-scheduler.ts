import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  certificateStream,
  decideFireCertificateTimer,
} from "../../../../libs/domain/src/index.js";
import {
  CertificateQueries,
  type ReadModelDb,
} from "../../../../libs/read-models/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { Clock } from "../infrastructure/clock.js";
import { DueTimerPoller } from "../infrastructure/due-timer-poller.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { systemStepContext } from "../infrastructure/saga-context.js";
import { READ_MODEL_DB } from "../infrastructure/tokens.js";
import { certificateModel } from "./certificate-stream.model.js";

const BATCH = 100;

/**
 * Fires due certificate timers (retries and renewals) by appending
 * `CertificateTimerFired`. Pending ones live in the `certificate_timers`
 * read model, apart from dyno timers, so the dyno scheduler is unchanged.
 */
@Injectable()
export class CertificateTimerScheduler extends DueTimerPoller {
  private readonly timers: CertificateQueries;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    super(
      "Certificate timer scheduler",
      config.dynos.schedulerPollMs,
      new Logger(CertificateTimerScheduler.name),
    );
    this.timers = new CertificateQueries(db);
  }

  protected async fireDue(): Promise<void> {
    const due = await this.timers.dueTimers(this.clock.now(), BATCH);
    for (const timer of due) {
      if (this.stopped) return;
      await this.repository.execute(
        certificateStream(timer.certificateId),
        certificateModel,
        systemStepContext("FireCertificateTimer", timer.timerId, "timer"),
        (state) =>
          decideFireCertificateTimer(state, {
            timerId: timer.timerId,
            at: this.clock.nowIso(),
          }),
      );
    }
    // A fired timer leaves the table once the projector applied the event.
    if (due.length > 0) await this.readModels.catchUp();
  }
}
