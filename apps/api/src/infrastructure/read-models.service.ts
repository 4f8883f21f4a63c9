import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from "@nestjs/common";
import type { EventStore } from "../../../../libs/event-store/src/index.js";
import {
  DomainQueries,
  DynoQueries,
  Projector,
  ReadModelQueries,
  readModelProjections,
  type ReadModelDb,
} from "../../../../libs/read-models/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { ReadModelsBehindError } from "./read-models-behind.error.js";
import { EVENT_STORE, READ_MODEL_DB } from "./tokens.js";

/**
 * Owns the projector of the read models and reports to callers when the models
 * reflect every event committed before a given moment.
 */
@Injectable()
export class ReadModelsService implements OnApplicationShutdown {
  private readonly logger = new Logger(ReadModelsService.name);
  readonly queries: ReadModelQueries;
  readonly dynos: DynoQueries;
  readonly domains: DomainQueries;
  private readonly projector: Projector;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.queries = new ReadModelQueries(db);
    this.dynos = new DynoQueries(db);
    this.domains = new DomainQueries(db);
    this.projector = new Projector(
      store,
      db,
      readModelProjections(),
      this.logger,
    );
  }

  /** Reason the projector is stuck, or null while it applies events. */
  get failure(): string | null {
    return this.projector.failure;
  }

  get checkpoint(): number {
    return this.projector.checkpoint;
  }

  async start(): Promise<void> {
    await this.projector.start();
  }

  /**
   * Waits until the read models contain every event committed before this
   * call, so a permission check never runs on a stale model. Throws
   * {@link ReadModelsBehindError} when that takes longer than the configured timeout.
   */
  async catchUp(): Promise<void> {
    const head = await this.store.headPosition();
    await this.waitFor(head);
  }

  /** Waits until the read models contain the event at `position`. */
  async waitFor(position: number): Promise<void> {
    const reached = await this.projector.waitFor(
      position,
      this.config.consistencyTimeoutMs,
    );
    if (!reached) {
      this.logger.warn(
        `Read models at position ${this.projector.checkpoint} did not reach ${position} within ${this.config.consistencyTimeoutMs} ms`,
      );
      throw new ReadModelsBehindError(position, this.projector.checkpoint);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.db.destroy();
    await this.store.close();
    this.logger.log("Read models and event store closed");
  }
}
