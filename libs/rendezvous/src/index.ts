export {
  MAX_SECRET_LINE_BYTES,
  RENDEZVOUS_GREETING,
  RendezvousServer,
} from "./rendezvous-server.js";
export type {
  RendezvousLogger,
  RendezvousServerOptions,
  ServerCertificateIssuer,
} from "./rendezvous-server.js";
export { createRendezvousSecret } from "./session-registry.js";
export type { RendezvousSession } from "./session-registry.js";
export { END_OF_TRANSMISSION } from "./session-io.js";
export type { SessionIO } from "./session-io.js";
export { readLines, runSimulatedProcess } from "./simulated-process.js";
