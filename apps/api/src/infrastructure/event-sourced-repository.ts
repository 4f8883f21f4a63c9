import { Injectable, Logger } from "@nestjs/common";
import { EVENT_SCHEMA_VERSION } from "../../../../libs/domain/src/index.js";
import {
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  WrongExpectedVersionError,
} from "../../../../libs/event-store/src/index.js";
import { type CommandContext, uuidFrom } from "./command-context.js";
import { ConcurrentChangeError } from "./concurrent-change.error.js";
import { StreamStateCache } from "./stream-state-cache.js";

type StoredShape = { type: string; data: object };

export interface StreamModel<S, E extends StoredShape> {
  initial: S;
  evolve: (state: S, event: E) => S;
}

export interface ExecutionResult<E> {
  /** Events the command produced now, or produced on its first run when this is a retry. */
  events: E[];
  /** Global position of the last of those events, or null when the command changed nothing. */
  position: number | null;
}

const MAX_ATTEMPTS = 3;

/**
 * Loads a stream's state, lets a pure decision produce events and appends
 * them with the expected revision. A lost race is retried with fresh state,
 * so the decision sees the winner's events; a command whose events are
 * already in the stream returns them instead of deciding again.
 */
@Injectable()
export class EventSourcedRepository {
  private readonly logger = new Logger(EventSourcedRepository.name);

  private readonly cache: StreamStateCache;

  constructor(private readonly store: EventStore) {
    this.cache = new StreamStateCache(store);
  }

  async load<S, E extends StoredShape>(
    streamId: string,
    model: StreamModel<S, E>,
  ): Promise<{ state: S; revision: number | null; recorded: RecordedEvent[] }> {
    const recorded = await this.store.readStream(streamId);
    const state = recorded.reduce(
      (current, event) =>
        model.evolve(current, { type: event.type, data: event.data } as E),
      model.initial,
    );
    return { state, revision: recorded.at(-1)?.revision ?? null, recorded };
  }

  async execute<S, E extends StoredShape>(
    streamId: string,
    model: StreamModel<S, E>,
    context: CommandContext,
    decide: (state: S) => E[] | Promise<E[]>,
  ): Promise<ExecutionResult<E>> {
    for (let attempt = 1; ; attempt += 1) {
      const { state, revision, outcomeOf } = await this.cache.load(
        streamId,
        model,
      );
      const earlier = outcomeOf(context.commandId);
      if (earlier) {
        this.logger.log(
          `Command ${context.commandId} already applied to ${streamId}; returning its events`,
        );
        return { events: [...earlier.events], position: earlier.position };
      }

      const events = await decide(state);
      if (events.length === 0) return { events, position: null };

      try {
        const result = await this.store.append(
          streamId,
          this.toAppend(streamId, events, context),
          revision ?? "no_stream",
        );
        return { events, position: result.position };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new ConcurrentChangeError(streamId, { cause: error });
        this.logger.warn(
          `Stream ${streamId} changed during command ${context.commandId} (attempt ${attempt}); deciding again`,
        );
      }
    }
  }

  private toAppend(
    streamId: string,
    events: StoredShape[],
    context: CommandContext,
  ): EventToAppend[] {
    return events.map((event, index) => ({
      id: uuidFrom("event", context.commandId, streamId, String(index)),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: {
        actorId: context.actorId,
        requestId: context.requestId,
        commandId: context.commandId,
        causationId: context.causationId,
        correlationId: context.correlationId,
        schemaVersion: EVENT_SCHEMA_VERSION,
      },
    }));
  }
}
