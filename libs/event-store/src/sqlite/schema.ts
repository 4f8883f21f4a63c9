import Database from "better-sqlite3";

/** Schema version stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

const CREATE_EVENTS_TABLE = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  ) STRICT
`;

/**
 * Opens the database file and creates the schema if it is missing.
 *
 * WAL mode lets readers (subscriptions, another process) run while one
 * connection writes. `synchronous = FULL` syncs the WAL on every commit, so a
 * resolved append survives a power loss on a disk that honours fsync (see
 * SQLite's PRAGMA synchronous documentation). `busy_timeout` makes a writer wait
 * for another process's write transaction instead of failing at once.
 */
export function openEventDatabase(
  path: string,
  busyTimeoutMs: number,
): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Database.Database): void {
  const version = db.pragma("user_version", { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `Event database ${db.name} has schema version ${version}, but this build supports up to ${SCHEMA_VERSION}. Upgrade the application.`,
    );
  }
  if (version === SCHEMA_VERSION) {
    return;
  }
  // IMMEDIATE takes the write lock first, so two processes opening a new
  // file at once do not both try to create the table.
  db.transaction(() => {
    db.exec(CREATE_EVENTS_TABLE);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
