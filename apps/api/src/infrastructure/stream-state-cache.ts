import type {
  EventStore,
  RecordedEvent,
} from "../../../../libs/event-store/src/index.js";

type StoredShape = { type: string; data: object };

/** Events one command appended to a stream, returned to its retries. */
export interface CommandOutcome<E> {
  events: E[];
  position: number;
}

interface Entry<S, E> {
  model: object;
  state: S;
  revision: number | null;
  commands: Map<string, CommandOutcome<E>>;
}

/** How many streams keep their folded state in memory. */
const MAX_STREAMS = 10_000;

/**
 * Keeps the folded state of recently used streams, so that a command reads
 * only the events appended since its stream was last folded instead of the
 * whole stream. The log is append-only and every load reads what is new, so
 * the cached state is never stale. Old entries are dropped first.
 */
export class StreamStateCache {
  private readonly entries = new Map<string, Entry<unknown, unknown>>();

  constructor(private readonly store: EventStore) {}

  async load<S, E extends StoredShape>(
    streamId: string,
    model: { initial: S; evolve: (state: S, event: E) => S },
  ): Promise<{
    state: S;
    revision: number | null;
    outcomeOf: (commandId: string) => CommandOutcome<E> | undefined;
  }> {
    const cached = this.entries.get(streamId) as Entry<S, E> | undefined;
    const entry: Entry<S, E> =
      cached && cached.model === model
        ? cached
        : { model, state: model.initial, revision: null, commands: new Map() };
    const fresh = await this.store.readStream(streamId, {
      fromRevision: entry.revision === null ? 0 : entry.revision + 1,
    });
    for (const event of fresh) this.fold(entry, model, event);

    // Re-inserting keeps the most recently used streams at the end.
    this.entries.delete(streamId);
    this.entries.set(streamId, entry as Entry<unknown, unknown>);
    if (this.entries.size > MAX_STREAMS) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return {
      state: entry.state,
      revision: entry.revision,
      outcomeOf: (commandId) => entry.commands.get(commandId),
    };
  }

  private fold<S, E extends StoredShape>(
    entry: Entry<S, E>,
    model: { evolve: (state: S, event: E) => S },
    recorded: RecordedEvent,
  ): void {
    const event = { type: recorded.type, data: recorded.data } as E;
    entry.state = model.evolve(entry.state, event);
    entry.revision = recorded.revision;
    const commandId = recorded.metadata.commandId;
    const outcome = entry.commands.get(commandId);
    if (outcome) {
      outcome.events.push(event);
      outcome.position = recorded.position;
    } else {
      entry.commands.set(commandId, {
        events: [event],
        position: recorded.position,
      });
    }
  }
}
