import { Module } from "@nestjs/common";
import { PersistenceModule } from "../../api/src/infrastructure/persistence.module.js";
import { AccountCommands } from "./commands/account-commands.js";
import { TeamCommands } from "./commands/team-commands.js";

@Module({
  imports: [PersistenceModule],
  providers: [AccountCommands, TeamCommands],
})
export class AdminModule {}
