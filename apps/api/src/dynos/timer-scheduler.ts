import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
} from "@nestjs/common";
import {
  decideFireTimer,
  dynoStream,
} from "../../../../libs/domain/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { systemStepContext } from "../infrastructure/saga-context.js";
import { dynoModel } from "./dyno-stream.model.js";

const BATCH = 100;

/**
 * Fires due timers by appending `TimerFired`. Timers are events, and the
 * pending ones live in a read model projected from the log, so a restart
 * loses none: a timer that fell due while the process was down fires at
 * the next poll.
 */
@Injectable()
export class TimerScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger(TimerScheduler.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {}

  start(): void {
    this.logger.log(
      `Timer scheduler started, polling every ${this.config.dynos.schedulerPollMs} ms`,
    );
    this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.logger.log("Timer scheduler stopped");
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.fireDue()
        .catch((error: Error) =>
          this.logger.error(
            `Firing due timers failed; retrying at the next poll: ${error.message}`,
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
    const due = await this.readModels.dynos.dueTimers(this.clock.now(), BATCH);
    for (const timer of due) {
      if (this.stopped) return;
      await this.repository.execute(
        dynoStream(timer.dynoId),
        dynoModel,
        systemStepContext("FireTimer", timer.timerId, "timer"),
        (state) =>
          decideFireTimer(state, {
            timerId: timer.timerId,
            at: this.clock.nowIso(),
          }),
      );
    }
    // A fired timer leaves the table only once the projector applied TimerFired; wait for
    // that so the next poll does not pick it up again.
    if (due.length > 0) await this.readModels.catchUp();
  }
}
