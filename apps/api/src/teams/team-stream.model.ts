import {
  evolveTeam,
  initialTeam,
  type TeamEvent,
  type TeamState,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const teamModel: StreamModel<TeamState, TeamEvent> = {
  initial: initialTeam,
  evolve: evolveTeam,
};
