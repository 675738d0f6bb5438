/** A failure that may go away if the same work is tried again (throttling, a 5xx, a network error). */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

/** A failure that will happen again on every retry (bad input, a resource that does not exist). */
export class TerminalError extends Error {
  override name = 'TerminalError';
}

/** Input that does not have the shape Reflex expects; the message says where and why. */
export class ValidationError extends TerminalError {
  override name = 'ValidationError';
}

/**
 * Nothing to do, or nothing that can safely be done (the resource is already gone, already in the
 * desired state, a precondition does not hold): audited as `skipped` with the reason, not retried.
 * `escalate` asks the worker to escalate anyway (the next rung or a notification), because the
 * problem that triggered the request is still there.
 */
export class ActionSkippedError extends TerminalError {
  override name = 'ActionSkippedError';
  readonly escalate: boolean;

  constructor(message: string, options: ErrorOptions & { escalate?: boolean } = {}) {
    super(message, options);
    this.escalate = options.escalate ?? false;
  }
}

/**
 * A multi-step action is waiting for AWS to finish a step (an instance still stopping): not a
 * failure. The request is delivered again and the action continues from the step it reached.
 */
export class StepInProgressError extends RetryableError {
  override name = 'StepInProgressError';
}

/**
 * AWS refused a call: a missing IAM permission, a policy that denies it, a signature it could not
 * verify, or expired credentials. A configuration error, not a transient one: retrying cannot
 * help, so it is terminal, and its message says in plain words which permission or signature failed.
 */
export class AwsCallRefusedError extends TerminalError {
  override name = 'AwsCallRefusedError';
  /** The IAM action of the refused call, e.g. `ec2:StartInstances`. */
  readonly permission: string;
  /** What kind of refusal: the IAM check, the signature/credential check, or expired credentials. */
  readonly refusal: AwsRefusalKind;

  constructor(message: string, options: ErrorOptions & { permission: string; refusal: AwsRefusalKind }) {
    super(message, options);
    this.permission = options.permission;
    this.refusal = options.refusal;
  }
}

export type AwsRefusalKind = 'permission' | 'signature' | 'expired-credentials';

/**
 * Reflex could not get credentials in a member account: its ReflexExecutionRole is missing, does
 * not trust the hub, or the hub's role may not assume it. Terminal for that request (another
 * account's requests go on); the message names the account and the role.
 */
export class AccountUnreachableError extends TerminalError {
  override name = 'AccountUnreachableError';
  readonly account: string;
  readonly roleArn: string;

  constructor(message: string, options: ErrorOptions & { account: string; roleArn: string }) {
    super(message, options);
    this.account = options.account;
    this.roleArn = options.roleArn;
  }
}
