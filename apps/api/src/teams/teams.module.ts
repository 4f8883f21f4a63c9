import { Module } from "@nestjs/common";
import { RemoveTeamMemberHandler } from "./commands/remove-team-member.handler.js";
import { SetTeamMemberHandler } from "./commands/set-team-member.handler.js";
import { TeamsController } from "./teams.controller.js";

@Module({
  controllers: [TeamsController],
  providers: [SetTeamMemberHandler, RemoveTeamMemberHandler],
})
export class TeamsModule {}
