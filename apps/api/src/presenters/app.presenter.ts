import type { AppRow } from "../../../../libs/read-models/src/index.js";
import { namedRef } from "./reference.js";

/** Default domain: `<name>-<identifier>.herokuapp.com`. */
export function defaultDomain(
  app: Pick<AppRow, "name" | "identifier">,
): string {
  return `${app.name}-${app.identifier}.herokuapp.com`;
}

/** The Platform API's App (and TeamApp) resource. */
export function presentApp(app: AppRow): Record<string, unknown> {
  const team = { id: app.teamId, name: app.teamName };
  return {
    acm: app.acm,
    archived_at: null,
    build_stack: namedRef("stack", app.stack),
    buildpack_provided_description: null,
    create_status: "complete",
    created_at: app.createdAt,
    database_size: null,
    generation: namedRef("generation", app.generation),
    git_url: `https://git.heroku.com/${app.name}.git`,
    id: app.id,
    internal_routing: app.internalRouting,
    joined: false,
    locked: false,
    maintenance: false,
    name: app.name,
    // Team apps are owned by the team's manager account, as on Heroku.
    owner: { email: `${app.teamName}@herokumanager.com`, id: app.teamId },
    organization: team,
    team,
    process_tier: app.spaceId ? "private" : "production",
    region: namedRef("region", app.region),
    released_at: null,
    repo_size: null,
    slug_size: null,
    space: app.spaceId
      ? { id: app.spaceId, name: app.spaceName, shield: app.spaceShield }
      : null,
    stack: namedRef("stack", app.stack),
    updated_at: app.updatedAt,
    web_url: `https://${defaultDomain(app)}/`,
  };
}

/**
 * The fields of an app that listings show to a team member without `view`
 * on it: its name and where it runs, which the CLI's `apps` command prints.
 */
export function presentAppSummary(app: AppRow): Record<string, unknown> {
  const team = { id: app.teamId, name: app.teamName };
  return {
    id: app.id,
    name: app.name,
    internal_routing: app.internalRouting,
    joined: false,
    locked: false,
    owner: { email: `${app.teamName}@herokumanager.com`, id: app.teamId },
    organization: team,
    team,
    region: namedRef("region", app.region),
    space: app.spaceId
      ? { id: app.spaceId, name: app.spaceName, shield: app.spaceShield }
      : null,
  };
}
