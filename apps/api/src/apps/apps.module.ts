import { Module } from "@nestjs/common";
import { AppPlacementResolver } from "./app-placement.js";
import { EarlierAppOutcome } from "./earlier-app-outcome.js";
import { AppsController } from "./apps.controller.js";
import { CreateAppHandler } from "./commands/create-app.handler.js";
import { DestroyAppHandler } from "./commands/destroy-app.handler.js";
import { RenameAppHandler } from "./commands/rename-app.handler.js";

@Module({
  controllers: [AppsController],
  providers: [
    EarlierAppOutcome,
    AppPlacementResolver,
    CreateAppHandler,
    RenameAppHandler,
    DestroyAppHandler,
  ],
})
export class AppsModule {}
