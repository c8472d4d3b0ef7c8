import { Global, Logger, Module } from '@nestjs/common';
import { APP_CONFIG, type RuntimeConfig } from '@app/platform';
import { loadMasterKeyring, MASTER_KEYRING } from './master-keyring';

/**
 * The complainants' master keys, one keyring for the whole API: the complainant store and the
 * ledger's people store wrap data keys with it, and every module's Idempotency-Key records key
 * their requests' fingerprints with it (common/idempotency/request-fingerprint.ts).
 */
@Global()
@Module({
  providers: [
    {
      provide: MASTER_KEYRING,
      inject: [APP_CONFIG],
      useFactory: (config: RuntimeConfig) =>
        loadMasterKeyring(config.complainantKeys, (file) =>
          new Logger('ComplainantKeys').warn(
            `Generated a complainant master key into ${file} (development). Production sets COMPLAINANT_MASTER_KEYS; ` +
              'losing this file makes every stored identity unreadable',
          ),
        ),
    },
  ],
  exports: [MASTER_KEYRING],
})
export class MasterKeyringModule {}
