import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  type Filter,
  type KurrentDBClient,
  type ReadPosition,
  type ReadStreamOptions,
  type ResolvedEvent,
} from "@kurrent/kurrentdb-client";

import type { ReadDirection, RecordedEvent } from "../event-store.port.js";
import type { ClientHolder } from "./client-holder.js";
import { toPortError } from "./error-mapping.js";
import {
  isSystemEvent,
  toReadPosition,
  toRecordedEvent,
} from "./event-mapping.js";

/** Events fetched per page when a read must skip events the adapter drops itself. */
const PAGE_SIZE = 256;

/**
 * Reads of streams and of the filtered `$all` through the client, mapped to
 * the port's events. The client reads through its native bridge, which
 * returns async generators and bare error messages.
 */
export class LogReader {
  constructor(
    private readonly clients: ClientHolder,
    private readonly filter: Filter,
  ) {}

  /** Reads a stream; a missing stream reads as empty. */
  async readStream(
    streamId: string,
    direction: ReadDirection,
    fromRevision: number | undefined,
    maxCount: number | undefined,
  ): Promise<RecordedEvent[]> {
    if (maxCount === 0) return [];
    const start = direction === "forwards" ? START : END;
    const options: ReadStreamOptions = {
      direction: direction === "forwards" ? FORWARDS : BACKWARDS,
      fromRevision: fromRevision === undefined ? start : BigInt(fromRevision),
      maxCount: maxCount ?? Number.MAX_SAFE_INTEGER,
    };
    try {
      return await this.withClient((client) =>
        collect(client.readStream(streamId, options)),
      );
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw toPortError(error, `the read of stream ${streamId}`);
    }
  }

  /**
   * Reads the filtered `$all` strictly after `afterPosition`. The server's
   * forward reads include their start position, so that event is dropped,
   * and pages continue until `maxCount` events passed the adapter's own
   * system-event check.
   */
  async readAllAfter(
    afterPosition: number,
    maxCount: number | undefined,
  ): Promise<RecordedEvent[]> {
    const wanted = maxCount ?? Number.POSITIVE_INFINITY;
    const result: RecordedEvent[] = [];
    let after = afterPosition;
    while (result.length < wanted) {
      const pageSize = Number.isFinite(wanted)
        ? Math.min(PAGE_SIZE, wanted - result.length) + 1
        : Number.MAX_SAFE_INTEGER;
      const page = await this.readAllPage(
        toReadPosition(after),
        FORWARDS,
        pageSize,
      );
      for (const resolved of page) {
        const event = keep(resolved);
        if (event !== undefined && event.position > after) {
          result.push(event);
          after = event.position;
        }
      }
      if (page.length < pageSize) break;
      after = Math.max(after, lastPosition(page) ?? after);
    }
    return result.slice(0, wanted);
  }

  /** Position of the last event that passes the filter, or 0 when there is none. */
  async headPosition(): Promise<number> {
    let from: ReadPosition = END;
    for (;;) {
      const page = await this.readAllPage(from, BACKWARDS, PAGE_SIZE);
      const event = page.map(keep).find((kept) => kept !== undefined);
      if (event !== undefined) return event.position;
      const last = lastPosition(page);
      if (page.length < PAGE_SIZE || last === undefined) return 0;
      // Backward reads exclude their start position, so the next page starts there.
      from = toReadPosition(last);
    }
  }

  private async readAllPage(
    fromPosition: ReadPosition,
    direction: typeof FORWARDS | typeof BACKWARDS,
    maxCount: number,
  ): Promise<ResolvedEvent[]> {
    try {
      return await this.withClient(async (client) => {
        const page: ResolvedEvent[] = [];
        const reading = client.readAll({
          fromPosition,
          direction,
          maxCount,
          filter: this.filter,
        });
        for await (const resolved of reading) page.push(resolved);
        return page;
      });
    } catch (error) {
      throw toPortError(error, "the read of $all");
    }
  }

  /** Runs a read and reports to the client holder whether the bridge connected. */
  private async withClient<T>(
    read: (client: KurrentDBClient) => Promise<T>,
  ): Promise<T> {
    const client = this.clients.client;
    try {
      const result = await read(client);
      this.clients.readSucceeded();
      return result;
    } catch (error) {
      // A missing stream is a response from the server, so the bridge connected.
      if (error instanceof StreamNotFoundError) this.clients.readSucceeded();
      else this.clients.readFailed(client, error);
      throw error;
    }
  }
}

async function collect(
  reading: AsyncIterable<ResolvedEvent>,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const resolved of reading) {
    const event = toRecordedEvent(resolved);
    if (event !== undefined) events.push(event);
  }
  return events;
}

function keep(resolved: ResolvedEvent): RecordedEvent | undefined {
  return isSystemEvent(resolved) ? undefined : toRecordedEvent(resolved);
}

function lastPosition(page: ResolvedEvent[]): number | undefined {
  const last = page.at(-1);
  if (last === undefined) return undefined;
  const position = last.event?.position?.commit ?? last.commitPosition;
  return position === undefined ? undefined : Number(position);
}
