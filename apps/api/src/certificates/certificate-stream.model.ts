import {
  type CertificateEvent,
  type CertificateState,
  evolveCertificate,
  initialCertificate,
} from "../../../../libs/domain/src/index.js";
import type { StreamModel } from "../infrastructure/event-sourced-repository.js";

export const certificateModel: StreamModel<CertificateState, CertificateEvent> =
  {
    initial: initialCertificate,
    evolve: evolveCertificate,
  };
