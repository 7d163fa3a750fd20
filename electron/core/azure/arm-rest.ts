/**
 * Plain ARM REST calls on @azure-rest/core-client: one request with typed errors, `nextLink`
 * paging (same origin only), and long-running POSTs polled through core-lro (Azure-AsyncOperation,
 * Retry-After). The Data Protection and subscription listings sit on it.
 */
import { getClient, type Client } from '@azure-rest/core-client';
import { createHttpPoller, type OperationResponse, type RunningOperation } from '@azure/core-lro';
import { ArmError, parseArmErrorBody } from './azure-errors';
import { armBearerPolicy, insecureArm, type ArmContext } from './arm-pipeline';
import { parseOperationStatus, parsePage } from './data-protection-parse';
import type { OperationResult } from './data-protection-types';

/** One raw ARM response. */
export interface Raw {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  url: string;
}

/** ARM REST with one api-version. */
export class ArmRest {
  private readonly client: Client;

  constructor(private readonly ctx: ArmContext, private readonly apiVersion: string, private readonly pollIntervalMs = 10_000) {
    this.client = getClient(ctx.cloud.armEndpoint, {
      allowInsecureConnection: insecureArm(ctx),
      retryOptions: ctx.retry,
      additionalPolicies: [{ policy: armBearerPolicy(ctx), position: 'perRetry' }],
    });
  }

  /** The absolute URL of an ARM path with the api-version. */
  url(path: string, query: Record<string, string> = {}): string {
    const u = new URL(this.ctx.cloud.armEndpoint + path);
    u.searchParams.set('api-version', this.apiVersion);
    for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v);
    return u.toString();
  }

  /** Every item of a paged list. */
  async all(path: string, what: string, query: Record<string, string> = {}): Promise<unknown[]> {
    const out: unknown[] = [];
    let next: string | null = this.url(path, query);
    for (let pages = 0; next; pages++) {
      if (pages > 1000) throw new Error(`More than 1000 pages while ${what}: the server keeps returning nextLink.`);
      const page = parsePage((await this.call('GET', next, what)).body);
      out.push(...page.items);
      next = page.nextLink;
    }
    return out;
  }

  /** One request; an error status becomes an ArmError. */
  async call(method: 'GET' | 'POST', url: string, what: string, body?: unknown, signal?: AbortSignal): Promise<Raw> {
    const path = this.client.pathUnchecked(url);
    const res = method === 'GET' ? await path.get({ abortSignal: signal }) : await path.post({ body, abortSignal: signal, contentType: 'application/json' });
    const status = Number(res.status);
    const raw: Raw = { status, headers: res.headers as Record<string, string>, body: res.body, url };
    if (status >= 400) {
      throw new ArmError(parseArmErrorBody(res.body, status, raw.headers['x-ms-request-id'] || raw.headers['x-ms-correlation-request-id']), what);
    }
    return raw;
  }

  /** A long-running POST, polled to its end; a failed or cancelled end becomes an ArmError. */
  async longRunning(path: string, body: unknown, what: string, signal?: AbortSignal): Promise<OperationResult> {
    const toResponse = (r: Raw, method: string): OperationResponse<unknown> => ({
      flatResponse: r.body,
      rawResponse: { statusCode: r.status, headers: r.headers, body: r.body, request: { method, url: r.url } },
    });
    const lro: RunningOperation<unknown> = {
      sendInitialRequest: async () => toResponse(await this.call('POST', this.url(path), what, body, signal), 'POST'),
      sendPollRequest: async (pollUrl) => toResponse(await this.call('GET', pollUrl, what, undefined, signal), 'GET'),
    };
    let last: unknown;
    const poller = createHttpPoller(lro, {
      intervalInMs: this.pollIntervalMs,
      resourceLocationConfig: 'azure-async-operation',
      resolveOnUnsuccessful: true,
      skipFinalGet: true,
      updateState: (_state, response) => {
        last = response.flatResponse;
      },
    });
    await poller.pollUntilDone({ abortSignal: signal });
    const result = last ? parseOperationStatus(last) : { status: 'completed' as const, statusRaw: 'Succeeded' };
    if (result.status === 'failed' || result.status === 'cancelled') {
      const e = result.error ?? { code: result.statusRaw || 'Failed', message: 'The operation did not succeed.', recommendedAction: [] };
      throw new ArmError({ code: e.code, message: e.message, recommendedAction: e.recommendedAction, status: 200 }, what);
    }
    return result;
  }
}
