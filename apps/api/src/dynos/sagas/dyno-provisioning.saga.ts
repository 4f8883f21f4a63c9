import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  type ComputeDriver,
  ComputeUnavailableError,
  type DynoStatus,
} from "../../../../../libs/compute/src/index.js";
import {
  decideAttempt,
  decideAttemptTimedOut,
  decideOutcome,
  decideStopped,
  dynoStream,
  type DynoProvisioningRequested,
  parseTimerId,
  type ProvisionOutcome,
  type RetryPolicy,
} from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../../libs/read-models/src/index.js";
import { APP_CONFIG, type AppConfig } from "../../config/app-config.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../../infrastructure/clock.js";
import { crashPoint } from "../../infrastructure/crash-points.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { dynoModel } from "../dyno-stream.model.js";
import { retryPolicyFrom } from "../retry-policy.js";
import { COMPUTE_DRIVER } from "../tokens.js";

/** A status check never runs sooner than this after the previous one, in milliseconds. */
const MIN_CHECK_INTERVAL_MS = 50;

/**
 * Brings dynos up through the compute driver. Each attempt is recorded
 * before the driver call and its outcome after it; the driver is idempotent
 * by dyno id and attempt, so replaying a step after a crash provisions
 * nothing twice. Retries, status checks and timeouts wait on timers.
 */
@Injectable()
export class DynoProvisioningSaga extends CheckpointedSubscriber {
  private readonly policy: RetryPolicy;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(COMPUTE_DRIVER) private readonly driver: ComputeDriver,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    super(
      "saga:dyno-provisioning",
      store,
      db,
      new Logger(DynoProvisioningSaga.name),
    );
    this.policy = retryPolicyFrom(config.dynos);
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    switch (event.type) {
      case "DynoProvisioningRequested":
        return this.attempt(String(event.data.dynoId), 1, event);
      case "DynoStopRequested":
        return this.stop(String(event.data.dynoId), event);
      case "DynoExited":
        // The one-off's process ended; release its compute. Stop is idempotent.
        return this.driver.stop(String(event.data.dynoId));
      case "TimerFired":
        return this.onTimer(String(event.data.timerId), event);
      default:
        return;
    }
  }

  private async onTimer(timerId: string, event: RecordedEvent): Promise<void> {
    const { dynoId, purpose, attempt } = parseTimerId(timerId);
    if (purpose === "retry") return this.attempt(dynoId, attempt, event);
    if (purpose === "status-check")
      return this.checkStatus(dynoId, attempt, event);
    await this.repository.execute(
      dynoStream(dynoId),
      dynoModel,
      sagaContext(event, "attempt-timed-out"),
      (state) =>
        decideAttemptTimedOut(state, {
          attempt,
          policy: this.policy,
          now: this.clock.now(),
        }),
    );
  }

  private async attempt(
    dynoId: string,
    attempt: number,
    trigger: RecordedEvent,
  ): Promise<void> {
    const stream = dynoStream(dynoId);
    const { events } = await this.repository.execute(
      stream,
      dynoModel,
      sagaContext(trigger, "attempt"),
      (state) =>
        decideAttempt(state, {
          attempt,
          policy: this.policy,
          now: this.clock.now(),
        }),
    );
    if (events.length === 0) return;

    const spec = await this.specOf(stream);
    this.logger.log(
      `Provisioning dyno ${spec.name} (${dynoId}) of app ${spec.appId}, attempt ${attempt}`,
    );
    const status = await this.call(
      () => this.driver.provision({ ...spec, attempt }),
      dynoId,
    );
    crashPoint("after-driver-provision");
    await this.record(dynoId, status, trigger);
  }

  private async checkStatus(
    dynoId: string,
    attempt: number,
    trigger: RecordedEvent,
  ): Promise<void> {
    const { state } = await this.repository.load(dynoStream(dynoId), dynoModel);
    if (
      state.attempts !== attempt ||
      state.state !== "starting" ||
      state.stopRequested
    )
      return;
    const status = await this.call(() => this.driver.status(dynoId), dynoId);
    await this.record(dynoId, status, trigger);
  }

  private async record(
    dynoId: string,
    status: DynoStatus,
    trigger: RecordedEvent,
  ): Promise<void> {
    const outcome = this.toOutcome(status);
    if (!outcome) return;
    const { events } = await this.repository.execute(
      dynoStream(dynoId),
      dynoModel,
      sagaContext(trigger, "outcome"),
      (state) =>
        decideOutcome(state, {
          outcome,
          policy: this.policy,
          now: this.clock.now(),
        }),
    );
    for (const event of events) {
      if (event.type === "DynoUp")
        this.logger.log(`Dyno ${dynoId} is up in zone ${event.data.zone}`);
      if (event.type === "DynoProvisioningFailed") {
        this.logger.warn(
          `Dyno ${dynoId} attempt ${event.data.attempt} failed: ${event.data.reason}`,
        );
      }
      if (event.type === "DynoCrashed") {
        this.logger.error(
          `Dyno ${dynoId} crashed after ${event.data.attempts} attempts`,
        );
      }
    }
  }

  private async stop(dynoId: string, trigger: RecordedEvent): Promise<void> {
    // An unavailable driver fails the batch, so the step is retried from the
    // checkpoint instead of recording a stop that never happened.
    await this.driver.stop(dynoId);
    crashPoint("after-driver-stop");
    await this.repository.execute(
      dynoStream(dynoId),
      dynoModel,
      sagaContext(trigger, "stopped"),
      (state) => decideStopped(state, { at: this.clock.nowIso() }),
    );
    this.logger.log(`Dyno ${dynoId} stopped`);
  }

  /** Calls the driver; an unreachable driver counts as a failed attempt, which is retried. */
  private async call(
    action: () => Promise<DynoStatus>,
    dynoId: string,
  ): Promise<DynoStatus> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof ComputeUnavailableError)) throw error;
      this.logger.warn(
        `Compute driver unavailable for dyno ${dynoId}: ${error.message}`,
      );
      return {
        state: "failed",
        reason: `Compute driver unavailable: ${error.message}`,
      };
    }
  }

  private toOutcome(status: DynoStatus): ProvisionOutcome | null {
    switch (status.state) {
      case "up":
        return { kind: "up", zone: status.zone };
      case "starting": {
        const earliest = this.clock.now().getTime() + MIN_CHECK_INTERVAL_MS;
        const checkAt = new Date(Math.max(status.readyAt.getTime(), earliest));
        return { kind: "starting", checkAt: checkAt.toISOString() };
      }
      case "failed":
        return { kind: "failed", reason: status.reason };
      case "unknown":
        return {
          kind: "failed",
          reason: "The compute driver does not know this dyno.",
        };
      case "stopped":
        return null;
    }
  }

  private async specOf(stream: string) {
    const { recorded } = await this.repository.load(stream, dynoModel);
    const requested = recorded.find(
      (event) => event.type === "DynoProvisioningRequested",
    );
    if (!requested)
      throw new Error(
        `Stream ${stream} has no DynoProvisioningRequested event.`,
      );
    const data = requested.data as DynoProvisioningRequested["data"];
    return {
      dynoId: data.dynoId,
      appId: data.appId,
      name: data.name,
      type: data.type,
      size: data.size,
      command: data.command,
    };
  }
}
