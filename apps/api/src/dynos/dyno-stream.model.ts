import {
  type DynoEvent,
  type DynoState,
  evolveDyno,
  initialDyno,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const dynoModel: StreamModel<DynoState, DynoEvent> = {
  initial: initialDyno,
  evolve: evolveDyno,
};
