/**
 * One way to reach Azure Resource Manager for every client here (Data Protection, Storage,
 * Authorization, Subscriptions): the bearer token goes only to the configured ARM origin, over
 * https or to a loopback test server; 429 and 5xx are retried with backoff, honouring Retry-After
 * (the pipeline's throttling and exponential retry strategies).
 */
import type { TokenCredential } from '@azure/core-auth';
import { bearerTokenAuthenticationPolicyName, type Pipeline, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { isLoopback, type Cloud } from './clouds';

/** Where tokens come from: the msal cache (signed in) or a fixed bearer token (AZURE_ACCESS_TOKEN). */
export interface TokenSource {
  /** A token for `scope` (e.g. the cloud's ARM scope); throws a UserError 'azure-signed-out' when none can be had. */
  getToken(scope: string): Promise<string>;
}

/** Retry settings; the defaults suit Azure (3 retries, 1 s growing to 30 s). */
export interface RetrySettings {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

/** Everything an ARM call needs. */
export interface ArmContext {
  cloud: Cloud;
  tokens: TokenSource;
  retry?: RetrySettings;
}

/** True when requests to the ARM endpoint go over plain http (a local test server). */
export function insecureArm(ctx: ArmContext): boolean {
  return new URL(ctx.cloud.armEndpoint).protocol === 'http:';
}

/** Sets the bearer token on requests to the ARM origin only; refuses to send it anywhere else. */
export function armBearerPolicy(ctx: ArmContext): PipelinePolicy {
  const origin = new URL(ctx.cloud.armEndpoint).origin;
  return {
    name: 'pgflexArmBearer',
    async sendRequest(request, next) {
      const url = new URL(request.url);
      if (url.origin !== origin) {
        // A nextLink or polling URL pointing elsewhere must not receive the user's token.
        throw new Error(`Refusing to send the Azure token to ${url.origin}: only ${origin} is the Resource Manager endpoint.`);
      }
      if (url.protocol !== 'https:') {
        if (!isLoopback(url.hostname)) throw new Error(`Refusing to send the Azure token over plain http to ${url.origin}.`);
        request.allowInsecureConnection = true;
      }
      request.headers.set('authorization', `Bearer ${await ctx.tokens.getToken(ctx.cloud.scopes.arm)}`);
      return next(request);
    },
  };
}

/** Swaps an SDK client's own bearer policy (https-only, its own scope) for {@link armBearerPolicy}. */
export function useArmAuth<T extends { pipeline: Pipeline }>(client: T, ctx: ArmContext): T {
  client.pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
  client.pipeline.addPolicy(armBearerPolicy(ctx), { phase: 'Sign' });
  return client;
}

/** The SDK clients insist on a credential; the real token is set by {@link useArmAuth}. */
export const PLACEHOLDER_CREDENTIAL: TokenCredential = {
  getToken: async () => {
    throw new Error('useArmAuth was not applied to this client');
  },
};

/** Options for the @azure/arm-* SDK clients so that they reach the context's ARM endpoint. */
export function sdkOptions(ctx: ArmContext) {
  return {
    endpoint: ctx.cloud.armEndpoint,
    credentialScopes: [ctx.cloud.scopes.arm],
    retryOptions: ctx.retry,
    allowInsecureConnection: insecureArm(ctx),
  };
}
