export interface AccessKeyInfo {
  id: string;
  status: 'Active' | 'Inactive';
  created: Date;
}

/** IAM access keys of one user (port; `shared/aws/iam-access-keys.ts` adapts it). */
export interface AccessKeyPort {
  list(userName: string): Promise<AccessKeyInfo[]>;
  /** The secret part is returned only here, once: it must be stored before anything else. */
  create(userName: string): Promise<{ id: string; secret: string }>;
  deactivate(userName: string, keyId: string): Promise<void>;
  delete(userName: string, keyId: string): Promise<void>;
}

/** Where the user's key lives: a Secrets Manager secret `{"accessKeyId", "secretAccessKey"}`. */
export interface KeySecretPort {
  /** The AWSCURRENT secret string, undefined when the secret has no value yet. */
  current(secretId: string): Promise<string | undefined>;
  /** A new AWSCURRENT version; `versionId` makes a retried write of the same value a no-op. */
  putCurrent(secretId: string, value: string, versionId: string): Promise<void>;
}
