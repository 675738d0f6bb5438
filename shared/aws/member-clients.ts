import type { STSClient } from '@aws-sdk/client-sts';
import type { ActingScope } from '../core/acting-scope.ts';
import { executionRoleArn } from '../core/execution-role.ts';
import { type Placement, partitionOf } from '../core/placement.ts';
import { classifyAwsError } from '../errors/classify-aws-error.ts';
import { AccountUnreachableError, RetryableError } from '../errors/reflex-errors.ts';
import { createAwsClients } from './all-clients.ts';
import type { ClientOptions } from './client-options.ts';
import type { AwsClients } from './clients.ts';
import { currentRequestStamp } from './request-stamp.ts';
import { callerAccount } from './sts-caller-account.ts';

/** Credentials of one session in a member account, with when they stop working. */
interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Refreshed this long before they expire, so no call is signed with credentials about to lapse. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;
/** An hour: the most a chained session (a Lambda role assuming another role) may last. */
const SESSION_SECONDS = 3600;
/** Who acted, in the member's CloudTrail, through every session chained from this one. */
export const SOURCE_IDENTITY = 'reflex';
/** AWS's limit on RoleSessionName. */
const MAX_SESSION_NAME = 64;

export interface MemberClientsOptions {
  /** The hub's own clients, as the function's role: it acts with them in its account and region. */
  hub: AwsClients;
  /** The options they were built with (credentials included), for the hub's other regions. */
  hubOptions: ClientOptions;
  /** The hub's account and region; its account is asked from STS when unknown. */
  hubPlacement?: Placement;
  /** Builds a client set; tests wrap it to watch calls. */
  build?: (options: ClientOptions) => AwsClients;
  now?: () => Date;
}

/** `reflex-<request id>`, within AWS's 64 characters and its character set. */
export function sessionName(requestId: string): string {
  return `reflex-${requestId}`.replace(/[^\w+=,.@-]/g, '-').slice(0, MAX_SESSION_NAME);
}

/** Allows exactly `permissions`; the role's own policy still scopes the resources. */
function sessionPolicy(permissions: readonly string[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: [...permissions].sort(), Resource: '*' }],
  });
}

/**
 * The clients to act with in an account and region. In the hub's own account, the function's role
 * (its clients as they are, or the same credentials in another region). In any other account, a
 * session of that account's ReflexExecutionRole (`executionRoleArn`), named after the request that
 * opened it, with SourceIdentity `reflex` and a session policy limited to the permissions asked for.
 *
 * Sessions are cached per account and permission set until 5 minutes before they expire: under
 * load that is one AssumeRole per account (and kind of action) per hour, not one per request, and
 * concurrent callers share the call in flight. A refused or failed AssumeRole is not cached, so
 * the next request tries again. Every call still carries the request stamp in its User-Agent.
 */
export class MemberClients {
  private readonly build: (options: ClientOptions) => AwsClients;
  private readonly now: () => Date;
  private readonly sessions = new Map<string, Promise<SessionCredentials>>();
  private readonly clients = new Map<string, AwsClients>();
  private hubAccount: Promise<string | undefined> | undefined;
  /** How many AssumeRole calls were made, per account (for the bench and the tests). */
  readonly assumeRoleCalls = new Map<string, number>();

  constructor(private readonly options: MemberClientsOptions) {
    this.build = options.build ?? createAwsClients;
    this.now = options.now ?? (() => new Date());
  }

  /** The clients for `scope`; a session that cannot be had fails with AccountUnreachableError. */
  async clientsFor(scope: ActingScope): Promise<AwsClients> {
    const { placement } = scope;
    const hub = this.options.hubPlacement;
    if (placement === undefined) return this.options.hub;
    if (placement.account === (await this.ownAccount())) {
      if (placement.region === (hub?.region ?? this.options.hubOptions.region)) return this.options.hub;
      return this.cached(`hub|${placement.region}`, () =>
        this.build({ ...this.options.hubOptions, region: placement.region }),
      );
    }
    const policyKey = [...scope.permissions].sort().join(',');
    const sessionKey = `${placement.account}|${policyKey}`;
    // Fail now, before any guardrail is taken, when the account cannot be reached at all.
    await this.session(sessionKey, placement.account, scope);
    return this.cached(`${sessionKey}|${placement.region}`, () =>
      this.build({
        ...this.options.hubOptions,
        region: placement.region,
        // The SDK calls this again when the credentials near their expiration: the cache answers,
        // or opens the next session (named after the request then running).
        credentials: () =>
          this.session(sessionKey, placement.account, {
            ...scope,
            requestId: currentRequestStamp()?.requestId ?? scope.requestId,
          }),
      }),
    );
  }

  private cached(key: string, make: () => AwsClients): AwsClients {
    let clients = this.clients.get(key);
    if (clients === undefined) {
      clients = make();
      this.clients.set(key, clients);
    }
    return clients;
  }

  private ownAccount(): Promise<string | undefined> {
    const known = this.options.hubPlacement?.account;
    if (known !== undefined) return Promise.resolve(known);
    this.hubAccount ??= callerAccount(this.options.hub);
    return this.hubAccount;
  }

  private async session(key: string, account: string, scope: ActingScope): Promise<SessionCredentials> {
    const pending = this.sessions.get(key);
    if (pending !== undefined) {
      // Callers of one AssumeRole in flight share its credentials, or its failure.
      const credentials = await pending;
      if (credentials.expiration.getTime() - REFRESH_BEFORE_EXPIRY_MS > this.now().getTime())
        return credentials;
      // About to expire: the first caller to notice opens the next session, the others share it.
      if (this.sessions.get(key) !== pending) return this.session(key, account, scope);
    }
    const opening = this.assumeRole(account, scope);
    this.sessions.set(key, opening);
    opening.catch(() => {
      if (this.sessions.get(key) === opening) this.sessions.delete(key);
    });
    return opening;
  }

  private async assumeRole(account: string, scope: ActingScope): Promise<SessionCredentials> {
    const roleArn = executionRoleArn(account, partitionOf(scope.placement?.region ?? ''));
    this.assumeRoleCalls.set(account, (this.assumeRoleCalls.get(account) ?? 0) + 1);
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const sts: STSClient = await this.options.hub.sts();
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName(scope.requestId),
          SourceIdentity: SOURCE_IDENTITY,
          Policy: sessionPolicy(scope.permissions),
          DurationSeconds: SESSION_SECONDS,
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken)
        throw new Error('STS returned no credentials');
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        sessionToken: Credentials.SessionToken,
        expiration: Credentials.Expiration ?? new Date(this.now().getTime() + SESSION_SECONDS * 1000),
      };
    } catch (error) {
      const classified = classifyAwsError(error);
      const message = `cannot act in account ${account}: assuming ${roleArn} failed: ${classified.message}`;
      if (classified instanceof RetryableError) throw new RetryableError(message, { cause: error });
      throw new AccountUnreachableError(message, { cause: error, account, roleArn });
    }
  }
}
