import type {
  AppRow,
  DynoRow,
  FormationRow,
} from "../../../../libs/read-models/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";

/** The Platform API's Formation resource. */
export function presentFormation(
  app: AppRow,
  row: FormationRow,
): Record<string, unknown> {
  return {
    app: { id: app.id, name: app.name },
    command: row.command,
    created_at: row.createdAt,
    id: uuidFrom("formation", app.id, row.type),
    quantity: row.quantity,
    size: row.size,
    type: row.type,
    updated_at: row.updatedAt,
  };
}

/** The Platform API's Dyno resource; `attachUrl` only for a run that was just created attached. */
export function presentDyno(
  app: AppRow,
  dyno: DynoRow,
  attachUrl: string | null = null,
): Record<string, unknown> {
  return {
    app: { id: app.id, name: app.name },
    attach_url: attachUrl,
    command: dyno.command,
    created_at: dyno.createdAt,
    id: dyno.dynoId,
    name: dyno.name,
    release: null,
    size: dyno.size,
    state: dyno.state,
    type: dyno.type,
    updated_at: dyno.updatedAt,
  };
}
