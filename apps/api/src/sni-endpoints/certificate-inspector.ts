import { readFileSync } from "node:fs";
import { Inject, Injectable, Logger } from "@nestjs/common";
import {
  CertificateError,
  type CertificateUpload,
  type InspectedCertificate,
  inspectCertificate,
  TrustStore,
} from "../../../../libs/certificates/src/index.js";
import { invalid } from "../../../../libs/domain/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { Clock } from "../infrastructure/clock.js";

/**
 * Checks uploaded certificates against the current time and the trusted
 * roots: Node's bundled ones plus those of `SNI_TRUSTED_CA_FILE`.
 */
@Injectable()
export class CertificateInspector {
  private readonly logger = new Logger(CertificateInspector.name);
  private readonly trustStore: TrustStore;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.trustStore = new TrustStore(readBundle(config.sniTrustedCaFile));
    const origin = config.sniTrustedCaFile
      ? `Node's bundled roots and ${config.sniTrustedCaFile}`
      : "Node's bundled roots";
    this.logger.log(
      `Uploaded certificates are CA signed when they chain to one of ${this.trustStore.size} roots from ${origin}`,
    );
  }

  /**
   * Returns the checked certificate, or throws an `invalid_params` domain
   * error whose message names the failed check and the fix.
   */
  inspect(upload: CertificateUpload, appId: string): InspectedCertificate {
    try {
      return inspectCertificate(upload, this.clock.now(), this.trustStore);
    } catch (error) {
      if (!(error instanceof CertificateError)) throw error;
      this.logger.warn(
        `Certificate upload for app ${appId} rejected (${error.kind}): ${error.message}`,
      );
      throw invalid(error.message);
    }
  }
}

function readBundle(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(
      `SNI_TRUSTED_CA_FILE=${path} cannot be read (${(error as Error).message}): point it at a PEM file of root certificates or unset it.`,
      { cause: error },
    );
  }
}
