import {
  evolveSniEndpoint,
  initialSniEndpoint,
  type SniEndpointEvent,
  type SniEndpointState,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const sniEndpointModel: StreamModel<SniEndpointState, SniEndpointEvent> =
  {
    initial: initialSniEndpoint,
    evolve: evolveSniEndpoint,
  };
