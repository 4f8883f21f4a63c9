import { Module } from "@nestjs/common";
import { CreateSpaceHandler } from "./commands/create-space.handler.js";
import { DestroySpaceHandler } from "./commands/destroy-space.handler.js";
import { SetSpaceAccessHandler } from "./commands/set-space-access.handler.js";
import { SpaceAccessPresenter } from "./space-access.presenter.js";
import { SpaceAllocationSaga } from "./space-allocation.saga.js";
import { SpacesController } from "./spaces.controller.js";

@Module({
  controllers: [SpacesController],
  providers: [
    CreateSpaceHandler,
    DestroySpaceHandler,
    SetSpaceAccessHandler,
    SpaceAccessPresenter,
    SpaceAllocationSaga,
  ],
  exports: [SpaceAllocationSaga],
})
export class SpacesModule {}
