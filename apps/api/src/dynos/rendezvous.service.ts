import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
} from "@nestjs/common";
import { LocalCertificateAuthority } from "../../../../libs/local-ca/src/index.js";
import {
  createRendezvousSecret,
  RendezvousServer,
  type SessionIO,
} from "../../../../libs/rendezvous/src/index.js";
import { APP_CONFIG, type AppConfig } from "../config/app-config.js";

/**
 * The TLS listener `heroku run` attaches to. Its certificate comes from the
 * product's local CA, whose certificate is `DATA_DIR/ca.pem`; clients trust
 * it through `NODE_EXTRA_CA_CERTS`.
 */
@Injectable()
export class RendezvousService implements OnApplicationShutdown {
  private readonly logger = new Logger(RendezvousService.name);
  private readonly server: RendezvousServer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const authority = new LocalCertificateAuthority({
      directory: config.dataDir,
      logger: new Logger(LocalCertificateAuthority.name),
    });
    const wildcard = config.host === "0.0.0.0" || config.host === "::";
    this.server = new RendezvousServer({
      certificateAuthority: authority,
      host: config.host,
      port: config.dynos.rendezvousPort,
      advertisedHost: wildcard ? "127.0.0.1" : config.host,
      logger: this.logger,
    });
  }

  async start(): Promise<void> {
    await this.server.start();
  }

  /** Registers a session for the dyno and returns its `rendezvous://` attach URL. */
  open(dynoId: string, run: (io: SessionIO) => Promise<number>): string {
    return this.server.register({
      secret: createRendezvousSecret(),
      dynoId,
      run,
    }).attachUrl;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server.stop();
  }
}
