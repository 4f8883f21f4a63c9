import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { Logger } from "@nestjs/common";
import { STREAM_PREFIXES } from "../../../../libs/domain/src/index.js";
import {
  type EventStore,
  KurrentDbEventStore,
  SqliteEventStore,
} from "../../../../libs/event-store/src/index.js";
import type { AppConfig } from "../config/app-config.js";

/**
 * Opens the event store the configuration selects: KurrentDB when
 * EVENT_STORE_URL is set, else the SQLite file DATA_DIR/events.sqlite.
 * On KurrentDB the global log is narrowed to the product's stream prefixes.
 * Creates DATA_DIR in both cases.
 */
export function createEventStore(config: AppConfig): EventStore {
  // DATA_DIR also contains the read models and the simulated compute state,
  // whose factories run after this one.
  mkdirSync(config.dataDir, { recursive: true });
  if (config.eventStoreUrl !== null) {
    return new KurrentDbEventStore(config.eventStoreUrl, {
      streamPrefixes: STREAM_PREFIXES,
      logger: new Logger("KurrentDbEventStore"),
    });
  }
  return new SqliteEventStore(join(config.dataDir, "events.sqlite"), {
    logger: new Logger("SqliteEventStore"),
  });
}
