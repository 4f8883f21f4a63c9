import type Database from "better-sqlite3";

import type { EventMetadata, RecordedEvent } from "../event-store.port.js";

/** One row of the `events` table as better-sqlite3 returns it. */
export interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  created_at: string;
}

/** Position and revision of a stream's last event. */
export interface StreamHead {
  revision: number;
  position: number;
}

/** Identity of a stored event, used by the idempotency check. */
export interface StoredEventRef {
  event_id: string;
  stream_id: string;
  revision: number;
  position: number;
}

/** Row as passed to the insert statement. */
export interface EventInsert {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
  createdAt: string;
}

/** Unlimited row count for a `LIMIT` clause in SQLite. */
const NO_LIMIT = -1;

/** Prepared statements over the `events` table, compiled once per connection. */
export class EventQueries {
  private readonly streamHeadStatement;
  private readonly eventRefStatement;
  private readonly insertStatement;
  private readonly readForwardsStatement;
  private readonly readBackwardsStatement;
  private readonly readAllStatement;
  private readonly headPositionStatement;

  constructor(db: Database.Database) {
    this.streamHeadStatement = db.prepare<[string], StreamHead>(
      "SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1",
    );
    this.eventRefStatement = db.prepare<[string], StoredEventRef>(
      "SELECT event_id, stream_id, revision, position FROM events WHERE event_id = ?",
    );
    this.insertStatement = db.prepare<[EventInsert]>(
      `INSERT INTO events (stream_id, revision, event_id, type, data, metadata, created_at)
       VALUES (@streamId, @revision, @eventId, @type, @data, @metadata, @createdAt)`,
    );
    this.readForwardsStatement = db.prepare<[string, number, number], EventRow>(
      "SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?",
    );
    this.readBackwardsStatement = db.prepare<
      [string, number, number],
      EventRow
    >(
      "SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?",
    );
    this.readAllStatement = db.prepare<[number, number], EventRow>(
      "SELECT * FROM events WHERE position > ? ORDER BY position ASC LIMIT ?",
    );
    this.headPositionStatement = db
      .prepare<[], number | null>("SELECT MAX(position) FROM events")
      .pluck();
  }

  /** Returns the stream's last event, or undefined when the stream does not exist. */
  streamHead(streamId: string): StreamHead | undefined {
    return this.streamHeadStatement.get(streamId);
  }

  findEvent(eventId: string): StoredEventRef | undefined {
    return this.eventRefStatement.get(eventId);
  }

  /** Inserts one event and returns its global position. */
  insert(row: EventInsert): number {
    return Number(this.insertStatement.run(row).lastInsertRowid);
  }

  readStream(
    streamId: string,
    direction: "forwards" | "backwards",
    fromRevision: number | undefined,
    maxCount: number | undefined,
  ): RecordedEvent[] {
    const limit = maxCount ?? NO_LIMIT;
    const rows =
      direction === "forwards"
        ? this.readForwardsStatement.all(streamId, fromRevision ?? 0, limit)
        : this.readBackwardsStatement.all(
            streamId,
            fromRevision ?? Number.MAX_SAFE_INTEGER,
            limit,
          );
    return rows.map(toRecordedEvent);
  }

  readAll(
    afterPosition: number,
    maxCount: number | undefined,
  ): RecordedEvent[] {
    return this.readAllStatement
      .all(afterPosition, maxCount ?? NO_LIMIT)
      .map(toRecordedEvent);
  }

  headPosition(): number {
    return this.headPositionStatement.get() ?? 0;
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    type: row.type,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as EventMetadata,
    createdAt: new Date(row.created_at),
  };
}
