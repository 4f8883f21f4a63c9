import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from "@nestjs/common";
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
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { systemStepContext } from "../infrastructure/saga-context.js";
import { READ_MODEL_DB } from "../infrastructure/tokens.js";
import { certificateModel } from "./certificate-stream.model.js";

const BATCH = 100;

/**
 * Fires due certificate timers (retries and renewals) by appending
 * `CertificateTimerFired`, as the dyno timer scheduler does for dyno
 * timers. Pending timers live in the `certificate_timers` read model,
 * projected from the log, so a restart loses none.
 */
@Injectable()
export class CertificateTimerScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(CertificateTimerScheduler.name);
  private readonly timers: CertificateQueries;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    this.timers = new CertificateQueries(db);
  }

  start(): void {
    this.logger.log(
      `Certificate timer scheduler started, polling every ${this.config.dynos.schedulerPollMs} ms`,
    );
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.logger.log("Certificate timer scheduler stopped");
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.fireDue()
        .catch((error: Error) =>
          this.logger.error(
            `Firing due certificate timers failed; retrying at the next poll: ${error.message}`,
            error.stack,
          ),
        )
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.config.dynos.schedulerPollMs);
  }

  private async fireDue(): Promise<void> {
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
