import { Module } from "@nestjs/common";
import { APP_FILTER, APP_GUARD, APP_PIPE } from "@nestjs/core";
import { CqrsModule } from "@nestjs/cqrs";
import { AccountController } from "./account/account.controller.js";
import { AppsModule } from "./apps/apps.module.js";
import { CertificatesModule } from "./certificates/certificates.module.js";
import { CollaboratorsModule } from "./collaborators/collaborators.module.js";
import { DomainsModule } from "./domains/domains.module.js";
import { DynosModule } from "./dynos/dynos.module.js";
import { HealthController } from "./health/health.controller.js";
import { AuthGuard } from "./http/auth.guard.js";
import { PlatformExceptionFilter } from "./http/platform-exception.filter.js";
import { PlatformValidationPipe } from "./http/validation.js";
import { PersistenceModule } from "./infrastructure/persistence.module.js";
import { SniEndpointsModule } from "./sni-endpoints/sni-endpoints.module.js";
import { SpacesModule } from "./spaces/spaces.module.js";
import { TeamsModule } from "./teams/teams.module.js";

@Module({
  imports: [
    CqrsModule.forRoot(),
    PersistenceModule,
    AppsModule,
    CollaboratorsModule,
    SpacesModule,
    TeamsModule,
    DynosModule,
    SniEndpointsModule,
    DomainsModule,
    CertificatesModule,
  ],
  controllers: [AccountController, HealthController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: PlatformExceptionFilter },
    { provide: APP_PIPE, useClass: PlatformValidationPipe },
  ],
})
export class AppModule {}
