import { randomUUID } from "node:crypto";

import type { ServerWritableStream } from "@grpc/grpc-js";

import type { InMemoryLog, StoredRecord } from "./in-memory-log.js";
import {
  checkpointResponse,
  confirmationResponse,
  eventResponse,
  type UuidFormat,
} from "./messages.js";
import type { ReadReq, ReadResp } from "./protocol.js";
import type { RecordFilter } from "./record-filter.js";

export interface SubscriptionSettings {
  /** The records the subscription follows: `$all` or one stream; the array grows. */
  records: () => readonly StoredRecord[];
  /** Index of the first record to deliver. */
  startIndex: number;
  filter: RecordFilter | undefined;
  uuidFormat: UuidFormat;
}

type Call = ServerWritableStream<ReadReq, ReadResp>;

/**
 * A catch-up subscription: it confirms, sends the stored records from its
 * start, then every record appended later, in log order. With a filter it
 * sends a checkpoint every `checkpointEvery` examined records and one at the
 * end of catch-up, as the real server does.
 */
export class LogSubscription {
  private cursor: number;
  private examined = 0;
  private lastExamined: StoredRecord | undefined;
  private caughtUp = false;
  private pumping = false;
  private wakeRequested = false;
  private closed = false;
  private readonly removeListener: () => void;

  constructor(
    private readonly log: InMemoryLog,
    private readonly call: Call,
    private readonly settings: SubscriptionSettings,
  ) {
    this.cursor = settings.startIndex;
    this.removeListener = log.onAppend(() => void this.pump());
    const close = (): void => this.close();
    call.on("cancelled", close);
    call.on("close", close);
    call.on("error", close);
  }

  start(): void {
    this.call.write(confirmationResponse(randomUUID()));
    void this.pump();
  }

  private close(): void {
    this.closed = true;
    this.removeListener();
  }

  /** Sends what is new; a call during a pump makes that pump go round again. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.wakeRequested = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.wakeRequested = false;
        await this.sendAvailable();
      } while (this.wakeRequested && !this.closed);
    } finally {
      this.pumping = false;
    }
  }

  private async sendAvailable(): Promise<void> {
    const { filter, uuidFormat } = this.settings;
    while (!this.closed) {
      const record = this.settings.records()[this.cursor];
      if (record === undefined) break;
      this.cursor += 1;
      this.examined += 1;
      this.lastExamined = record;
      if (filter === undefined || filter.matches(record)) {
        await this.write(eventResponse(record, uuidFormat));
      }
      if (
        filter !== undefined &&
        this.examined % filter.checkpointEvery === 0
      ) {
        await this.write(checkpointResponse(record.position));
      }
    }
    if (!this.caughtUp && !this.closed) {
      this.caughtUp = true;
      const last = this.lastExamined?.position ?? this.log.lastPosition();
      if (filter !== undefined && last !== undefined) {
        await this.write(checkpointResponse(last));
      }
    }
  }

  /** Writes one response and waits while the transport's buffer is full. */
  private write(response: ReadResp): Promise<void> {
    if (this.closed || this.call.write(response)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.call.off("drain", done);
        this.call.off("cancelled", done);
        this.call.off("close", done);
        resolve();
      };
      this.call.on("drain", done);
      this.call.on("cancelled", done);
      this.call.on("close", done);
    });
  }
}
