import { Injectable, Logger } from "@nestjs/common";
import { decideExited, dynoStream } from "../../../../libs/domain/src/index.js";
import type { DynoRow } from "../../../../libs/read-models/src/index.js";
import {
  runSimulatedProcess,
  type SessionIO,
} from "../../../../libs/rendezvous/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { Inject } from "@nestjs/common";
import { Clock } from "../infrastructure/clock.js";
import { EventSourcedRepository } from "../infrastructure/event-sourced-repository.js";
import { ReadModelsService } from "../infrastructure/read-models.service.js";
import { systemStepContext } from "../infrastructure/saga-context.js";
import { dynoModel } from "./dyno-stream.model.js";
import { RendezvousService } from "./rendezvous.service.js";

const POLL_MS = 100;

/**
 * Attached one-off runs: when the client connects, the session waits for
 * the dyno to come up, runs the simulated process and records its exit.
 */
@Injectable()
export class OneOffSessions {
  private readonly logger = new Logger(OneOffSessions.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rendezvous: RendezvousService,
    private readonly readModels: ReadModelsService,
    private readonly repository: EventSourcedRepository,
    private readonly clock: Clock,
  ) {}

  open(dyno: DynoRow): string {
    return this.rendezvous.open(dyno.dynoId, (io) => this.run(dyno, io));
  }

  private async run(dyno: DynoRow, io: SessionIO): Promise<number> {
    const state = await this.waitUntilStarted(dyno.dynoId, io.signal);
    if (state !== "up") {
      await io.write(`Dyno ${dyno.name} did not start (${state}).\r\n`);
      await this.recordExit(dyno, 1);
      return 1;
    }
    const exitCode = await runSimulatedProcess(dyno.command, io);
    await this.recordExit(dyno, exitCode);
    return exitCode;
  }

  private async waitUntilStarted(
    dynoId: string,
    signal: AbortSignal,
  ): Promise<string> {
    const { maxAttempts, attemptTimeoutMs, retryBackoffMs } = this.config.dynos;
    const deadline =
      Date.now() +
      maxAttempts * (attemptTimeoutMs + retryBackoffMs * 2 ** maxAttempts);
    while (!signal.aborted && Date.now() < deadline) {
      const current = await this.readModels.dynos.dynoById(dynoId);
      if (current && current.state !== "starting") return current.state;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    return signal.aborted ? "disconnected" : "timed out";
  }

  private async recordExit(dyno: DynoRow, exitCode: number): Promise<void> {
    await this.repository.execute(
      dynoStream(dyno.dynoId),
      dynoModel,
      systemStepContext("ExitOneOff", dyno.dynoId, "exit"),
      (state) => decideExited(state, { exitCode, at: this.clock.nowIso() }),
    );
    this.logger.log(
      `One-off dyno ${dyno.name} (${dyno.dynoId}) exited with status ${exitCode}`,
    );
  }
}
