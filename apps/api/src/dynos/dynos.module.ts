import { join } from "node:path";
import {
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
} from "@nestjs/common";
import {
  type ComputeDriver,
  SimulatedComputeDriver,
} from "../../../../libs/compute/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { RestartDynosHandler } from "./commands/restart-dynos.handler.js";
import { RunDynoHandler } from "./commands/run-dyno.handler.js";
import { ScaleFormationHandler } from "./commands/scale-formation.handler.js";
import { StopDynosHandler } from "./commands/stop-dynos.handler.js";
import { DynosController } from "./dynos.controller.js";
import { FormationController } from "./formation.controller.js";
import { OneOffSessions } from "./one-off-sessions.js";
import { RendezvousService } from "./rendezvous.service.js";
import { DynoProvisioningSaga } from "./sagas/dyno-provisioning.saga.js";
import { FormationSaga } from "./sagas/formation.saga.js";
import { OneOffSaga } from "./sagas/one-off.saga.js";
import { TimerScheduler } from "./timer-scheduler.js";
import { COMPUTE_DRIVER } from "./tokens.js";

@Module({
  controllers: [FormationController, DynosController],
  providers: [
    {
      provide: COMPUTE_DRIVER,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const { provisionDelayMs, failureRate, failDynos } = config.dynos;
        new Logger("ComputeDriver").log(
          `Simulated compute driver: ${provisionDelayMs} ms to provision, failure rate ${failureRate}, failing dynos [${failDynos.join(", ")}]`,
        );
        return new SimulatedComputeDriver(
          join(config.dataDir, "simulated-compute.sqlite"),
          {
            provisionDelayMs,
            failureRate,
            failDynos,
          },
        );
      },
    },
    ScaleFormationHandler,
    RestartDynosHandler,
    StopDynosHandler,
    RunDynoHandler,
    RendezvousService,
    OneOffSessions,
    FormationSaga,
    DynoProvisioningSaga,
    OneOffSaga,
    TimerScheduler,
  ],
  exports: [
    FormationSaga,
    DynoProvisioningSaga,
    OneOffSaga,
    TimerScheduler,
    RendezvousService,
  ],
})
export class DynosModule implements OnApplicationShutdown {
  constructor(@Inject(COMPUTE_DRIVER) private readonly driver: ComputeDriver) {}

  async onApplicationShutdown(): Promise<void> {
    await this.driver.close();
  }
}
