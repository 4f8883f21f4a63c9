import { Module } from "@nestjs/common";
import { CollaboratorsController } from "./collaborators.controller.js";
import { GrantPermissionHandler } from "./commands/grant-permission.handler.js";
import { RevokePermissionHandler } from "./commands/revoke-permission.handler.js";

@Module({
  controllers: [CollaboratorsController],
  providers: [GrantPermissionHandler, RevokePermissionHandler],
})
export class CollaboratorsModule {}
