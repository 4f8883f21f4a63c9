import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  decideExited,
  dynoStream,
} from "../../../../../libs/domain/src/index.js";
import type {
  EventStore,
  RecordedEvent,
} from "../../../../../libs/event-store/src/index.js";
import type { ReadModelDb } from "../../../../../libs/read-models/src/index.js";
import { CheckpointedSubscriber } from "../../infrastructure/checkpointed-subscriber.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { sagaContext } from "../../infrastructure/saga-context.js";
import { EVENT_STORE, READ_MODEL_DB } from "../../infrastructure/tokens.js";
import { dynoModel } from "../dyno-stream.model.js";

/**
 * Ends detached one-off dynos. The simulated process of a detached run has
 * no input, so it exits with status 0 as soon as its dyno is up; attached
 * runs end when their rendezvous session ends.
 */
@Injectable()
export class OneOffSaga extends CheckpointedSubscriber {
  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODEL_DB) db: ReadModelDb,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {
    super("saga:one-off", store, db, new Logger(OneOffSaga.name));
  }

  protected async handle(event: RecordedEvent): Promise<void> {
    if (event.type !== "DynoUp") return;
    const dynoId = String(event.data.dynoId);
    const stream = dynoStream(dynoId);
    const { recorded } = await this.repository.load(stream, dynoModel);
    const requested = recorded[0];
    if (requested?.data.origin !== "run" || requested.data.attach === true)
      return;

    await this.repository.execute(
      stream,
      dynoModel,
      sagaContext(event, "exit-detached"),
      (state) => decideExited(state, { exitCode: 0, at: this.clock.nowIso() }),
    );
    this.logger.log(`Detached one-off dyno ${dynoId} exited with status 0`);
  }
}
