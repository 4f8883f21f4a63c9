import {
  type AppEvent,
  type AppState,
  evolveApp,
  initialApp,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const appModel: StreamModel<AppState, AppEvent> = {
  initial: initialApp,
  evolve: evolveApp,
};
