/** A bearer token given from outside (AZURE_ACCESS_TOKEN): for automation and tests, instead of the msal cache. */
import type { TokenSource } from '../arm-pipeline';
import { signedOutError } from '../azure-errors';

/** A token source that always returns `token` (only ARM calls use it; it was minted for one audience). */
export function staticTokenSource(token: string | undefined): TokenSource {
  return {
    getToken: async () => {
      if (!token?.trim()) throw signedOutError('AZURE_ACCESS_TOKEN is empty.');
      return token.trim();
    },
  };
}
