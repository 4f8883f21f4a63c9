import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Logger, Module } from "@nestjs/common";
import {
  AcmeIssuer,
  accountKeyFileName,
  type CertificateIssuer,
  ChallengeResponses,
  LocalCaIssuer,
} from "../../../../libs/certificate-issuer/src/index.js";
import { LocalCertificateAuthority } from "../../../../libs/local-ca/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";
import { DomainsModule } from "../domains/domains.module.js";
import { AcmeChallengeController } from "./acme-challenge.controller.js";
import { CertificateIssuanceSaga } from "./certificate-issuance.saga.js";
import { CertificateOrders } from "./certificate-orders.js";
import { CertificateTimerScheduler } from "./certificate-timer-scheduler.js";
import { RefreshAcmHandler } from "./commands/refresh-acm.handler.js";
import { CERTIFICATE_ISSUER, CHALLENGE_RESPONSES } from "./tokens.js";

@Module({
  imports: [DomainsModule],
  controllers: [AcmeChallengeController],
  providers: [
    { provide: CHALLENGE_RESPONSES, useValue: new ChallengeResponses() },
    {
      provide: CERTIFICATE_ISSUER,
      inject: [APP_CONFIG, CHALLENGE_RESPONSES],
      useFactory: (
        config: AppConfig,
        challenges: ChallengeResponses,
      ): CertificateIssuer => createIssuer(config, challenges),
    },
    CertificateOrders,
    RefreshAcmHandler,
    CertificateIssuanceSaga,
    CertificateTimerScheduler,
  ],
  exports: [CertificateIssuanceSaga, CertificateTimerScheduler],
})
export class CertificatesModule {}

function createIssuer(
  config: AppConfig,
  challenges: ChallengeResponses,
): CertificateIssuer {
  const logger = new Logger("CertificateIssuer");
  const settings = config.certificates;
  if (settings.issuer === "local" || settings.acmeDirectoryUrl === null) {
    const authority = new LocalCertificateAuthority({
      directory: config.dataDir,
      logger,
    });
    logger.log(
      `Issuing certificates from the local CA in ${config.dataDir}, valid ${settings.localValidityDays} days`,
    );
    return new LocalCaIssuer(
      authority,
      join(config.dataDir, "local-ca-orders"),
      settings.localValidityDays,
    );
  }
  logger.log(
    `Issuing certificates from the ACME directory ${settings.acmeDirectoryUrl}${settings.acmeCaFile ? `, trusting ${settings.acmeCaFile}` : ""}`,
  );
  return new AcmeIssuer({
    directoryUrl: settings.acmeDirectoryUrl,
    caPem: settings.acmeCaFile
      ? readFileSync(settings.acmeCaFile, "utf8")
      : null,
    accountEmail: settings.acmeAccountEmail,
    accountKeyPath: join(
      config.dataDir,
      accountKeyFileName(settings.acmeDirectoryUrl),
    ),
    challenges,
    logger,
  });
}
