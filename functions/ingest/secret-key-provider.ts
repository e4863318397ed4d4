/**
 * The pseudonymisation key in AWS: a Secrets Manager secret readable by the ingest
 * function alone, fetched through Powertools (cached for the life of the container).
 */
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import { decodeKey, type PseudonymKeyProvider } from './pseudonymise';
import { IngestConfigurationError } from './errors';

export class SecretsManagerKeyProvider implements PseudonymKeyProvider {
  constructor(private readonly secretId: string, private readonly maxAgeSeconds = 300) {}

  async getKey(): Promise<Buffer> {
    let secret: unknown;
    try {
      secret = await getSecret(this.secretId, { maxAge: this.maxAgeSeconds });
    } catch (e) {
      throw new IngestConfigurationError('The pseudonymisation key could not be read from Secrets Manager; nothing was written.', { cause: e });
    }
    if (typeof secret !== 'string' || !secret) {
      throw new IngestConfigurationError('The pseudonymisation secret is empty or not text; nothing was written.');
    }
    return decodeKey(secret, 'the Secrets Manager secret');
  }
}
