import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * Returns every row of every read-model table of a server's data folder, sorted, so
 * that two servers' read models compare with one `toEqual`. The checkpoints
 * table is left out because each server's sagas keep their own progress
 * there; the projector's checkpoint is returned on its own.
 */
export function dumpReadModels(dataDir: string): {
  tables: Record<string, string[]>;
  checkpoint: number | undefined;
} {
  const db = new Database(join(dataDir, "read-models.sqlite"), {
    readonly: true,
  });
  try {
    const names = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'checkpoints' ORDER BY name",
      )
      .all()
      .map((row) => row.name);
    const tables: Record<string, string[]> = {};
    for (const name of names) {
      tables[name] = db
        .prepare(`SELECT * FROM "${name}"`)
        .all()
        .map((row) => JSON.stringify(row))
        .sort();
    }
    const checkpoint = db
      .prepare<[], { position: number }>(
        "SELECT position FROM checkpoints WHERE name = 'read-models'",
      )
      .get()?.position;
    return { tables, checkpoint: Number(checkpoint) };
  } finally {
    db.close();
  }
}

/** Position of the last event the server's read models applied, from `/health`. */
export async function readModelCheckpoint(url: string): Promise<number> {
  const response = await fetch(`${url}/health`);
  const body = (await response.json()) as {
    read_models?: { checkpoint?: number };
  };
  return body.read_models?.checkpoint ?? -1;
}
