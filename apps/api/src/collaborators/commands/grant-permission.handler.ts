import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideGrantPermission,
  decideUpdatePermissions,
  normalizeAppPermissions,
  notFound,
  requireAppPermission,
} from "../../../../../libs/domain/src/index.js";
import { appModel } from "../../apps/app-stream.model.js";
import { commandContext } from "../../http/request-actor.js";
import { Authorizer } from "../../infrastructure/authorizer.js";
import { Clock } from "../../infrastructure/clock.js";
import { EventSourcedRepository } from "../../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../../infrastructure/read-models.service.js";
import { presentCollaborator } from "../../presenters/collaborator.presenter.js";
import { GrantPermissionCommand } from "./grant-permission.command.js";

@CommandHandler(GrantPermissionCommand)
export class GrantPermissionHandler implements ICommandHandler<GrantPermissionCommand> {
  private readonly logger = new Logger(GrantPermissionHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: GrantPermissionCommand,
  ): Promise<Record<string, unknown>> {
    const { actor, mode } = command;
    const app = await this.authorizer.app(actor, command.app, "manage");
    const permissions = normalizeAppPermissions(command.permissions);
    const queries = this.readModels.queries;
    const grantee = await queries.accountByEmailOrId(command.user);
    if (!grantee) throw notFound("user");

    const role = await queries.teamRole(app.teamId, grantee.id);
    const decide =
      mode === "add" ? decideGrantPermission : decideUpdatePermissions;
    const context = commandContext(
      actor,
      `${mode === "add" ? "GrantPermission" : "UpdatePermissions"}:${grantee.id}`,
    );
    const { position } = await this.repository.execute(
      appStream(app.id),
      appModel,
      context,
      async (state) => {
        // Read the current grant on every attempt, after catching up, so a
        // retry after a lost race sees the winner's grant.
        await this.readModels.catchUp();
        // The caller's own rights may have changed in the race too.
        requireAppPermission(
          await this.authorizer.appFacts(actor, app),
          "manage",
        );
        return decide(state, {
          accountId: grantee.id,
          email: grantee.email,
          role,
          permissions,
          current: await queries.appPermissionsOf(app.id, grantee.id),
          at: this.clock.nowIso(),
        });
      },
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Permissions of ${grantee.id} on app ${app.id} set to ${permissions.join(",")} by ${actor.accountId}`,
    );

    const rows = await queries.collaborators(app);
    const row = rows.find((candidate) => candidate.accountId === grantee.id);
    if (!row)
      throw new Error(
        `Collaborator ${grantee.id} of app ${app.id} is missing from the read model.`,
      );
    return presentCollaborator(app, row);
  }
}
