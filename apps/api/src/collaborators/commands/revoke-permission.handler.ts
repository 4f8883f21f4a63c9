import { Logger } from "@nestjs/common";
import { CommandHandler, type ICommandHandler } from "@nestjs/cqrs";
import {
  appStream,
  decideRevokePermission,
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
import { RevokePermissionCommand } from "./revoke-permission.command.js";

/** Removes a collaborator; managers remove anyone, and a collaborator may remove itself. */
@CommandHandler(RevokePermissionCommand)
export class RevokePermissionHandler implements ICommandHandler<RevokePermissionCommand> {
  private readonly logger = new Logger(RevokePermissionHandler.name);

  constructor(
    private readonly repository: EventSourcedRepository,
    private readonly readModels: ReadModelsService,
    private readonly authorizer: Authorizer,
    private readonly clock: Clock,
  ) {}

  async execute({
    actor,
    app: identity,
    user,
  }: RevokePermissionCommand): Promise<Record<string, unknown>> {
    const app = await this.authorizer.app(actor, identity);
    const queries = this.readModels.queries;
    const target = await queries.accountByEmailOrId(user);
    if (!target) throw notFound("user");
    if (target.id !== actor.accountId) {
      requireAppPermission(
        await this.authorizer.appFacts(actor, app),
        "manage",
      );
    }

    const row = (await queries.collaborators(app)).find(
      (candidate) => candidate.accountId === target.id,
    );
    const context = commandContext(actor, `RevokePermission:${target.id}`);
    const { position } = await this.repository.execute(
      appStream(app.id),
      appModel,
      context,
      async (state) => {
        // As for grants: a retry after a lost race reads the winner's change.
        await this.readModels.catchUp();
        if (target.id !== actor.accountId) {
          requireAppPermission(
            await this.authorizer.appFacts(actor, app),
            "manage",
          );
        }
        return decideRevokePermission(state, {
          accountId: target.id,
          email: target.email,
          current: await queries.appPermissionsOf(app.id, target.id),
          at: this.clock.nowIso(),
        });
      },
    );
    if (position !== null) await this.readModels.waitFor(position);
    this.logger.log(
      `Collaborator ${target.id} removed from app ${app.id} by ${actor.accountId}`,
    );
    return row ? presentCollaborator(app, row) : {};
  }
}
