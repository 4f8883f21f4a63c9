import {
  evolveSpace,
  initialSpace,
  type SpaceEvent,
  type SpaceState,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const spaceModel: StreamModel<SpaceState, SpaceEvent> = {
  initial: initialSpace,
  evolve: evolveSpace,
};
