import { Injectable } from "@nestjs/common";
import {
  type AppAccessFacts,
  type AppPermission,
  canSeeApp,
  effectiveAppPermissions,
  notFound,
  requireAppPermission,
  requireSpaceVisible,
  type TeamRole,
} from "../../../../libs/domain/src/index.js";
import type {
  AppRow,
  SpaceRow,
  TeamRow,
} from "../../../../libs/read-models/src/index.js";
import type { RequestActor } from "../http/request-actor.js";
import { presentApp, presentAppSummary } from "../presenters/app.presenter.js";
import { ReadModelsService } from "./read-models.service.js";

/**
 * Gathers what the permission read model records about the caller and applies
 * the domain's rules. The auth guard has already caught the model up.
 */
@Injectable()
export class Authorizer {
  constructor(private readonly readModels: ReadModelsService) {}

  private get queries() {
    return this.readModels.queries;
  }

  async appFacts(actor: RequestActor, app: AppRow): Promise<AppAccessFacts> {
    const [teamRole, granted] = await Promise.all([
      this.queries.teamRole(app.teamId, actor.accountId),
      this.queries.appPermissionsOf(app.id, actor.accountId),
    ]);
    return { appName: app.name, teamRole, granted: granted ?? [] };
  }

  /**
   * Finds the app and checks that the caller has `needed` on it (or can
   * see it, when `needed` is omitted). Apps the caller cannot see are "not found".
   */
  async app(
    actor: RequestActor,
    identity: string,
    needed?: AppPermission,
  ): Promise<AppRow> {
    const app = await this.queries.appByNameOrId(identity);
    if (!app) throw notFound("app");
    const facts = await this.appFacts(actor, app);
    if (needed) requireAppPermission(facts, needed);
    else if (!canSeeApp(facts)) throw notFound("app");
    return app;
  }

  /**
   * Presents each app in full when the caller has `view` on it, and as a
   * summary (name and placement) otherwise, as listings must not show more.
   */
  async presentList(
    actor: RequestActor,
    apps: AppRow[],
  ): Promise<Record<string, unknown>[]> {
    const [teams, grants] = await Promise.all([
      this.queries.teamsOf(actor.accountId),
      this.queries.grantsOf(actor.accountId),
    ]);
    const roles = new Map(teams.map((team) => [team.id, team.role]));
    return apps.map((app) => {
      const facts = {
        appName: app.name,
        teamRole: roles.get(app.teamId) ?? null,
        granted: grants.get(app.id) ?? [],
      };
      return effectiveAppPermissions(facts).includes("view")
        ? presentApp(app)
        : presentAppSummary(app);
    });
  }

  /** Finds a space of one of the caller's teams. */
  async space(
    actor: RequestActor,
    identity: string,
  ): Promise<{ space: SpaceRow; role: TeamRole }> {
    const space = await this.queries.spaceByNameOrId(identity);
    if (!space) throw notFound("space");
    const role = await this.queries.teamRole(space.teamId, actor.accountId);
    requireSpaceVisible({
      spaceName: space.name,
      teamName: space.teamName,
      teamRole: role,
      spacePermissions: [],
    });
    return { space, role: role! };
  }

  /** Finds a team the caller belongs to. */
  async team(
    actor: RequestActor,
    identity: string,
  ): Promise<{ team: TeamRow; role: TeamRole }> {
    const team = await this.queries.teamByNameOrId(identity);
    if (!team) throw notFound("team");
    const role = await this.queries.teamRole(team.id, actor.accountId);
    if (role === null) throw notFound("team");
    return { team, role };
  }
}
