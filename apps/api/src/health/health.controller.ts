import { Controller, Get, Inject, Res } from "@nestjs/common";
import type { FastifyReply } from "fastify";
import type { EventStore } from "../../../../libs/event-store/src/index.js";
import { Public } from "../http/public.decorator.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { EVENT_STORE } from "../infrastructure/tokens.js";

/** How far the read models may trail the log and still count as ready. */
const MAX_READY_LAG = 1000;

@Controller("health")
@Public()
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModelsService,
  ) {}

  /** Reports readiness: the event store responds and the read models are close to its head. */
  @Get()
  async ready(
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Record<string, unknown>> {
    try {
      const head = await this.store.headPosition();
      const checkpoint = this.readModels.checkpoint;
      const failure = this.readModels.failure;
      const ready = failure === null && head - checkpoint <= MAX_READY_LAG;
      if (!ready) void reply.status(503);
      return {
        status: readinessStatus(ready, failure),
        event_store: { head },
        read_models: { checkpoint, failure },
      };
    } catch (error) {
      void reply.status(503);
      return {
        status: "unavailable",
        event_store: { error: (error as Error).message },
      };
    }
  }

  /** Liveness: the process serves HTTP. */
  @Get("live")
  live(): Record<string, unknown> {
    return { status: "ok" };
  }
}

function readinessStatus(ready: boolean, failure: string | null): string {
  if (ready) return "ok";
  if (failure !== null) return "failing";
  return "catching_up";
}
