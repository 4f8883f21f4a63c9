import Database from "better-sqlite3";

/** Schema version stored in `PRAGMA user_version`. */
const SCHEMA_VERSION = 1;

/**
 * One row per dyno id. `starting` covers `up` too: a starting dyno is up once
 * the clock passes `ready_at`, so no timer has to run for it. The counters
 * live in the row so they survive a restart with the dyno they count.
 */
const CREATE_DYNOS_TABLE = `
  CREATE TABLE IF NOT EXISTS dynos (
    dyno_id TEXT PRIMARY KEY,
    app_id TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    size TEXT NOT NULL,
    command TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('starting', 'failed', 'stopped')),
    zone TEXT,
    ready_at INTEGER,
    reason TEXT,
    provision_calls INTEGER NOT NULL,
    provision_count INTEGER NOT NULL,
    successful_provisions INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX IF NOT EXISTS dynos_by_app_type ON dynos (app_id, type, state);
`;

export interface DynoRow {
  dyno_id: string;
  app_id: string;
  name: string;
  type: string;
  size: string;
  command: string;
  /** Highest attempt number received. */
  attempt: number;
  state: "starting" | "failed" | "stopped";
  /** Zone of the last attempt that did not fail. */
  zone: string | null;
  /** Time the last attempt that did not fail is up, in ms since the epoch. */
  ready_at: number | null;
  /** Failure reason of the last attempt. */
  reason: string | null;
  provision_calls: number;
  /** Attempts started, failed or not. */
  provision_count: number;
  /** Attempts started that did not fail. */
  successful_provisions: number;
}

/**
 * Opens the database file and creates the schema if it is missing. WAL with
 * `synchronous = FULL` syncs every commit, so a recorded provisioning
 * survives a process crash, and a power loss on a disk that honours fsync.
 */
export function openDynoDatabase(
  path: string,
  busyTimeoutMs: number,
): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
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
      `Compute database ${db.name} has schema version ${version}, but this build supports up to ${SCHEMA_VERSION}. Upgrade the application.`,
    );
  }
  if (version === SCHEMA_VERSION) return;
  // IMMEDIATE takes the write lock first, so two processes opening a new
  // file at once do not both create the table.
  db.transaction(() => {
    db.exec(CREATE_DYNOS_TABLE);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Prepared statements over the `dynos` table. */
export class DynoTable {
  private readonly selectOne: Database.Statement<[string], DynoRow>;
  private readonly selectLive: Database.Statement<[string], DynoRow>;
  private readonly selectDuplicates: Database.Statement<[], DynoRow>;
  private readonly countLiveByZone: Database.Statement<
    [string, string],
    { zone: string; live: number }
  >;
  private readonly upsert: Database.Statement<DynoRow>;

  constructor(db: Database.Database) {
    this.selectOne = db.prepare("SELECT * FROM dynos WHERE dyno_id = ?");
    this.selectLive = db.prepare(
      "SELECT * FROM dynos WHERE app_id = ? AND state = 'starting'",
    );
    this.selectDuplicates = db.prepare(
      "SELECT * FROM dynos WHERE successful_provisions > 1 ORDER BY dyno_id",
    );
    this.countLiveByZone = db.prepare(
      `SELECT zone, COUNT(*) AS live FROM dynos
       WHERE app_id = ? AND type = ? AND state = 'starting'
       GROUP BY zone`,
    );
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO dynos (
         dyno_id, app_id, name, type, size, command, attempt, state, zone,
         ready_at, reason, provision_calls, provision_count, successful_provisions
       ) VALUES (
         @dyno_id, @app_id, @name, @type, @size, @command, @attempt, @state, @zone,
         @ready_at, @reason, @provision_calls, @provision_count, @successful_provisions
       )`,
    );
  }

  get(dynoId: string): DynoRow | undefined {
    return this.selectOne.get(dynoId);
  }

  put(row: DynoRow): void {
    this.upsert.run(row);
  }

  /** Dynos of the app that are starting or up. */
  live(appId: string): DynoRow[] {
    return this.selectLive.all(appId);
  }

  /** Number of starting or up dynos of the app and type in each zone. */
  liveByZone(appId: string, type: string): Map<string, number> {
    const counts = this.countLiveByZone.all(appId, type);
    return new Map(counts.map(({ zone, live }) => [zone, live]));
  }

  duplicates(): DynoRow[] {
    return this.selectDuplicates.all();
  }
}
