import type Database from "better-sqlite3";

import { EventStoreUnavailableError } from "../errors.js";
import type { AppendResult } from "../event-store.port.js";
import { applyAppend, type AppendRequest } from "./apply-append.js";
import type { EventQueries } from "./event-queries.js";

/** Statistics of one committed group, passed to `onGroupCommit`. */
export interface GroupCommitInfo {
  /** Append calls in the transaction, including rejected ones. */
  appends: number;
  /** Events inserted by the transaction. */
  events: number;
}

interface PendingAppend {
  request: AppendRequest;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome =
  | { ok: true; result: AppendResult; inserted: number }
  | { ok: false; error: unknown };

interface GroupCommitOptions {
  clock: () => Date;
  /** Called after every committed group, even one that inserted nothing. */
  onCommitted: (info: GroupCommitInfo) => void;
}

/**
 * Collects the appends made while a flush is pending and writes them in one
 * `BEGIN IMMEDIATE … COMMIT`, so concurrent appends share one fsync. Each
 * append runs in its own savepoint: a conflict rolls back and rejects only
 * that append, and later appends in the group see the rows of earlier ones.
 * Appends are applied in call order.
 */
export class GroupCommitQueue {
  private pending: PendingAppend[] = [];
  private flushScheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly queries: EventQueries,
    private readonly options: GroupCommitOptions,
  ) {}

  enqueue(request: AppendRequest): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.pending.push({ request, resolve, reject });
      this.flushScheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes every pending append now. `close()` calls it so that queued appends are not lost. */
  flush(): void {
    if (this.flushScheduled !== undefined) {
      clearImmediate(this.flushScheduled);
      this.flushScheduled = undefined;
    }
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) {
      return;
    }

    let outcomes: Outcome[];
    try {
      outcomes = this.commit(group);
    } catch (error) {
      const unavailable = new EventStoreUnavailableError(
        `Event store transaction failed, so none of ${group.length} appends was stored: ${errorMessage(error)}`,
        { cause: error },
      );
      for (const append of group) {
        append.reject(unavailable);
      }
      return;
    }

    group.forEach((append, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) {
        append.resolve(outcome.result);
      } else {
        append.reject(outcome.error);
      }
    });
    const inserted = outcomes.reduce(
      (sum, outcome) => sum + (outcome.ok ? outcome.inserted : 0),
      0,
    );
    this.options.onCommitted({ appends: group.length, events: inserted });
  }

  /**
   * Runs the group in one transaction and returns one outcome per append.
   * Throws when the transaction as a whole fails (lock timeout, I/O error),
   * and then nothing of the group is stored.
   */
  private commit(group: PendingAppend[]): Outcome[] {
    const createdAt = this.options.clock().toISOString();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      const outcomes = group.map((append) =>
        this.applyInSavepoint(append.request, createdAt),
      );
      this.db.exec("COMMIT");
      return outcomes;
    } catch (error) {
      // SQLite may already have rolled back on its own, for example on
      // SQLITE_FULL, and ROLLBACK would then fail with "no transaction".
      if (this.db.inTransaction) {
        this.db.exec("ROLLBACK");
      }
      throw error;
    }
  }

  private applyInSavepoint(request: AppendRequest, createdAt: string): Outcome {
    this.db.exec("SAVEPOINT append_call");
    try {
      const applied = applyAppend(this.queries, request, createdAt);
      this.db.exec("RELEASE append_call");
      return { ok: true, ...applied };
    } catch (error) {
      if (!this.db.inTransaction) {
        // SQLite rolled back the whole transaction, so the group fails.
        throw error;
      }
      this.db.exec("ROLLBACK TO append_call");
      this.db.exec("RELEASE append_call");
      return { ok: false, error };
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
