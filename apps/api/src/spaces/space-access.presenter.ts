import { Injectable } from "@nestjs/common";
import {
  notFound,
  type SpacePermission,
} from "../../../../libs/domain/src/index.js";
import type { SpaceRow } from "../../../../libs/read-models/src/index.js";
import { uuidFrom } from "../infrastructure/command-context.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { presentPermission } from "../presenters/permission.presenter.js";

/**
 * The Platform API's Space Access resource, one per team member. Admins
 * hold `create_apps` implicitly; others hold what was granted.
 */
@Injectable()
export class SpaceAccessPresenter {
  constructor(private readonly readModels: ReadModelsService) {}

  async list(space: SpaceRow): Promise<Record<string, unknown>[]> {
    const queries = this.readModels.queries;
    const [members, access] = await Promise.all([
      queries.teamMembers(space.teamId),
      queries.spaceAccessList(space.id),
    ]);
    return members.map((member) => {
      const granted = access.find((row) => row.accountId === member.accountId);
      const permissions: SpacePermission[] =
        member.role === "admin"
          ? ["create_apps"]
          : (granted?.permissions ?? []);
      return {
        id: uuidFrom("space-access", space.id, member.accountId),
        space: { id: space.id, name: space.name },
        user: { email: member.email, id: member.accountId },
        role: member.role,
        permissions: permissions.map(presentPermission),
        created_at: member.createdAt,
        updated_at: granted?.updatedAt ?? member.updatedAt,
      };
    });
  }

  async present(
    space: SpaceRow,
    accountId: string,
  ): Promise<Record<string, unknown>> {
    const entry = (await this.list(space)).find(
      (item) => (item.user as { id: string }).id === accountId,
    );
    if (!entry)
      throw notFound(
        "user",
        "That account is not a member of the space's team.",
      );
    return entry;
  }
}
