import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  decideFireTimer,
  dynoStream,
} from "../../../../libs/domain/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { Clock } from "../infrastructure/clock.js";
import { DueTimerPoller } from "../infrastructure/due-timer-poller.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { systemStepContext } from "../infrastructure/saga-context.js";
import { dynoModel } from "./dyno-stream.model.js";

const BATCH = 100;

/**
 * Fires due dyno timers by appending `TimerFired`. Pending timers live in
 * the `timers` read model, projected from the log, so a restart loses none.
 */
@Injectable()
export class TimerScheduler extends DueTimerPoller {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    super(
      "Timer scheduler",
      config.dynos.schedulerPollMs,
      new Logger(TimerScheduler.name),
    );
  }

  protected async fireDue(): Promise<void> {
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
