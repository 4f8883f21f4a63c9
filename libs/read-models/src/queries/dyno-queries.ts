import type { ReadModelDb } from "../schema.js";

export interface FormationRow {
  appId: string;
  type: string;
  quantity: number;
  size: string;
  command: string;
  createdAt: string;
  updatedAt: string;
}

export interface DynoRow {
  dynoId: string;
  appId: string;
  name: string;
  type: string;
  size: string;
  command: string;
  origin: string;
  attach: boolean;
  state: "starting" | "up" | "crashed" | "down";
  zone: string | null;
  attempts: number;
  exitCode: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface TimerRow {
  timerId: string;
  dynoId: string;
  purpose: string;
  attempt: number;
  dueAt: string;
}

/** Formation, dyno and timer queries of the read models. */
export class DynoQueries {
  constructor(private readonly db: ReadModelDb) {}

  async formationOf(appId: string): Promise<FormationRow[]> {
    const rows = await this.db
      .selectFrom("formations")
      .selectAll()
      .where("app_id", "=", appId)
      .orderBy("type")
      .execute();
    return rows.map((row) => ({
      appId: row.app_id,
      type: row.type,
      quantity: Number(row.quantity),
      size: row.size,
      command: row.command,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }));
  }

  /** Dynos of the app that are not down, ordered by name. */
  async dynosOf(appId: string): Promise<DynoRow[]> {
    const rows = await this.db
      .selectFrom("dynos")
      .selectAll()
      .where("app_id", "=", appId)
      .where("state", "!=", "down")
      .orderBy("type")
      .orderBy("created_at")
      .execute();
    return rows.map(toDyno).sort(byName);
  }

  /** Ids of the app's dynos that are down. */
  async downDynoIds(appId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom("dynos")
      .select("dyno_id")
      .where("app_id", "=", appId)
      .where("state", "=", "down")
      .execute();
    return new Set(rows.map((row) => row.dyno_id));
  }

  /** Returns the dyno of the app with that name that is not down, if any. */
  async dynoByName(appId: string, name: string): Promise<DynoRow | undefined> {
    const row = await this.db
      .selectFrom("dynos")
      .selectAll()
      .where("app_id", "=", appId)
      .where("name", "=", name)
      .where("state", "!=", "down")
      .orderBy("created_at", "desc")
      .executeTakeFirst();
    return row && toDyno(row);
  }

  async dynoById(dynoId: string): Promise<DynoRow | undefined> {
    const row = await this.db
      .selectFrom("dynos")
      .selectAll()
      .where("dyno_id", "=", dynoId)
      .executeTakeFirst();
    return row && toDyno(row);
  }

  /** Timers due at or before `now`, oldest first. */
  async dueTimers(now: Date, limit: number): Promise<TimerRow[]> {
    const rows = await this.db
      .selectFrom("timers")
      .selectAll()
      .where("due_at", "<=", now.toISOString())
      .orderBy("due_at")
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      timerId: row.timer_id,
      dynoId: row.dyno_id,
      purpose: row.purpose,
      attempt: Number(row.attempt),
      dueAt: row.due_at,
    }));
  }

  /** When the next timer is due, or null when none is pending. */
  async nextTimerDue(): Promise<Date | null> {
    const row = await this.db
      .selectFrom("timers")
      .select("due_at")
      .orderBy("due_at")
      .limit(1)
      .executeTakeFirst();
    return row ? new Date(row.due_at) : null;
  }
}

function toDyno(row: {
  dyno_id: string;
  app_id: string;
  name: string;
  type: string;
  size: string;
  command: string;
  origin: string;
  attach: number;
  state: string;
  zone: string | null;
  attempts: number;
  exit_code: number | null;
  created_at: string;
  updated_at: string;
}): DynoRow {
  return {
    dynoId: row.dyno_id,
    appId: row.app_id,
    name: row.name,
    type: row.type,
    size: row.size,
    command: row.command,
    origin: row.origin,
    attach: row.attach === 1,
    state: row.state as DynoRow["state"],
    zone: row.zone,
    attempts: Number(row.attempts),
    exitCode: row.exit_code === null ? null : Number(row.exit_code),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Orders `web.2` before `web.10`. */
function byName(a: DynoRow, b: DynoRow): number {
  if (a.type !== b.type) return a.type < b.type ? -1 : 1;
  const indexA = Number(a.name.slice(a.name.lastIndexOf(".") + 1));
  const indexB = Number(b.name.slice(b.name.lastIndexOf(".") + 1));
  return indexA - indexB;
}
