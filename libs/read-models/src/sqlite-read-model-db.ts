import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import {
  migrateReadModels,
  type ReadModelDb,
  type ReadModelTables,
} from "./schema.js";
import { AccountsProjection } from "./projections/accounts.projection.js";
import { AppPermissionsProjection } from "./projections/app-permissions.projection.js";
import { DynosProjection } from "./projections/dynos.projection.js";
import { FormationsProjection } from "./projections/formations.projection.js";
import { CommandLogProjection } from "./projections/command-log.projection.js";
import { CustomDomainsProjection } from "./projections/custom-domains.projection.js";
import { AppsProjection } from "./projections/apps.projection.js";
import { CertificatesProjection } from "./projections/certificates.projection.js";
import type { Projection } from "./projections/projection.js";
import { SniEndpointsProjection } from "./projections/sni-endpoints.projection.js";
import { SpacesProjection } from "./projections/spaces.projection.js";
import { TeamsProjection } from "./projections/teams.projection.js";

/** Opens (and creates when missing) the embedded read-model database. */
export async function openSqliteReadModels(path: string): Promise<ReadModelDb> {
  const database = new Database(path);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  database.pragma("busy_timeout = 5000");
  const db = new Kysely<ReadModelTables>({
    dialect: new SqliteDialect({ database }),
  });
  await migrateReadModels(db);
  return db;
}

/** The projections of the read models, in the order each event is applied. */
export function readModelProjections(): Projection[] {
  return [
    new AccountsProjection(),
    new TeamsProjection(),
    new SpacesProjection(),
    new AppsProjection(),
    new AppPermissionsProjection(),
    new FormationsProjection(),
    new DynosProjection(),
    new SniEndpointsProjection(),
    new CustomDomainsProjection(),
    new CertificatesProjection(),
    new CommandLogProjection(),
  ];
}
