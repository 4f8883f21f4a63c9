/** One event as the test server stores it. */
export interface StoredRecord {
  /** Commit position, equal to the prepare position: the record's offset in the log. */
  position: bigint;
  streamId: string;
  revision: bigint;
  /** Lowercase UUID string. */
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the real server records them. */
  createdTicks: bigint;
}

/** An event as a client proposes it. */
export interface ProposedEvent {
  eventId: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
}

export type ExpectedState =
  | { kind: "any" }
  | { kind: "no_stream" }
  | { kind: "stream_exists" }
  | { kind: "revision"; revision: bigint };

/** Revision of a stream's last event, or `no_stream`. */
export type CurrentRevision = bigint | "no_stream";

export type AppendOutcome =
  | { kind: "written" | "idempotent"; revision: bigint; position: bigint }
  | { kind: "wrong_expected_version"; current: CurrentRevision };

/**
 * Bytes a record takes in the log besides its payload. The value is made up;
 * it only makes positions sparse, as byte offsets of a real log are.
 */
const RECORD_OVERHEAD_BYTES = 128n;
const TICKS_PER_MILLISECOND = 10_000n;

/**
 * The test server's in-memory log: `$all` in append order plus an index per
 * stream. It outlives the gRPC server, so a stopped and restarted test
 * server serves the same events.
 */
export class InMemoryLog {
  readonly records: StoredRecord[] = [];
  private readonly streams = new Map<string, StoredRecord[]>();
  private readonly listeners = new Set<() => void>();
  private nextPosition = 0n;

  /** Revision of the stream's last event, or `no_stream`. */
  currentRevision(streamId: string): CurrentRevision {
    const stream = this.streams.get(streamId);
    const last = stream?.at(-1);
    return last === undefined ? "no_stream" : last.revision;
  }

  streamRecords(streamId: string): readonly StoredRecord[] | undefined {
    return this.streams.get(streamId);
  }

  /** Position of the last record, or undefined for an empty log. */
  lastPosition(): bigint | undefined {
    return this.records.at(-1)?.position;
  }

  /** Index of the first record at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.records.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.records[middle]!.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Registers a callback run after every write; returns its removal. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Checks the expected state the way KurrentDB's commit check does, then
   * writes the events atomically, or recognises a retry of events just
   * written and returns their original revision and position.
   */
  append(
    streamId: string,
    expected: ExpectedState,
    events: ProposedEvent[],
  ): AppendOutcome {
    const current = this.currentRevision(streamId);
    const retry = this.checkRetry(streamId, expected, events, current);
    if (retry !== "write") return retry;

    let revision = current === "no_stream" ? -1n : current;
    if (events.length === 0) {
      const last = this.streams.get(streamId)?.at(-1);
      return { kind: "written", revision, position: last?.position ?? 0n };
    }

    const createdTicks = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    let position = this.nextPosition;
    for (const event of events) {
      revision += 1n;
      position = this.nextPosition;
      this.write({ ...event, streamId, revision, position, createdTicks });
    }
    for (const listener of [...this.listeners]) listener();
    return { kind: "written", revision, position };
  }

  private write(record: StoredRecord): void {
    this.records.push(record);
    const stream = this.streams.get(record.streamId) ?? [];
    stream.push(record);
    this.streams.set(record.streamId, stream);
    const size =
      RECORD_OVERHEAD_BYTES +
      BigInt(
        Buffer.byteLength(record.streamId) +
          Buffer.byteLength(record.type) +
          record.data.length +
          record.customMetadata.length,
      );
    this.nextPosition += size;
  }

  /**
   * Returns "write" when the append may go ahead, or the outcome that ends it:
   * a wrong expected version, or an idempotent retry. Like the real server,
   * `any` and `stream_exists` look the first event id up in the stream, and an
   * exact revision below the current one compares the events after it.
   * NOTE: the real server looks ids up in a bounded cache of recent writes,
   * so a retry long after the original write may be stored again there.
   */
  private checkRetry(
    streamId: string,
    expected: ExpectedState,
    events: ProposedEvent[],
    current: CurrentRevision,
  ): AppendOutcome | "write" {
    const currentNumber = current === "no_stream" ? -1n : current;
    const wrong: AppendOutcome = { kind: "wrong_expected_version", current };
    switch (expected.kind) {
      case "any":
        return this.retryById(streamId, events) ?? "write";
      case "stream_exists":
        if (current === "no_stream") return wrong;
        return this.retryById(streamId, events) ?? "write";
      case "no_stream":
        return this.checkRevision(streamId, -1n, currentNumber, events, wrong);
      case "revision":
        return this.checkRevision(
          streamId,
          expected.revision,
          currentNumber,
          events,
          wrong,
        );
    }
  }

  private checkRevision(
    streamId: string,
    expected: bigint,
    current: bigint,
    events: ProposedEvent[],
    wrong: AppendOutcome,
  ): AppendOutcome | "write" {
    if (expected === current) return "write";
    if (expected > current || events.length === 0) return wrong;
    const stream = this.streams.get(streamId) ?? [];
    const run = events.map(
      (event, index) => stream[Number(expected) + 1 + index],
    );
    const matches = run.every(
      (record, index) => record?.eventId === events[index]!.eventId,
    );
    if (!matches) return wrong;
    const last = run.at(-1)!;
    return {
      kind: "idempotent",
      revision: last.revision,
      position: last.position,
    };
  }

  /** Outcome of a retry found by the first event id, or undefined when the id is new. */
  private retryById(
    streamId: string,
    events: ProposedEvent[],
  ): AppendOutcome | undefined {
    const first = events[0];
    if (first === undefined) return undefined;
    const stream = this.streams.get(streamId) ?? [];
    const start = stream.findIndex(
      (record) => record.eventId === first.eventId,
    );
    if (start < 0) return undefined;
    const run = events.map((_, index) => stream[start + index]);
    const matches = run.every(
      (record, index) => record?.eventId === events[index]!.eventId,
    );
    if (!matches) {
      return {
        kind: "wrong_expected_version",
        current: this.currentRevision(streamId),
      };
    }
    const last = run.at(-1)!;
    return {
      kind: "idempotent",
      revision: last.revision,
      position: last.position,
    };
  }
}
