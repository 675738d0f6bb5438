import type { TestProject } from 'vitest/node';
import { startMotoServer } from '../../cli/dev/moto-server.ts';
import { enableAwsChecks, type StaticCredentials } from './aws-checks/enable-aws-checks.ts';
import { type MemberAccount, setUpMemberAccounts } from './aws-checks/member-accounts.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
    /** The moto administrator's key: tests set up and inspect with it; code under test uses its role. */
    motoAdmin: StaticCredentials;
    /** An administrator of each member account (aws-checks/member-accounts.ts), for set-up there. */
    motoMemberAdmins: Record<MemberAccount, StaticCredentials>;
  }
}

/**
 * One moto server for the whole run, with AWS's signature and IAM checks on; tests isolate
 * themselves with unique resource names.
 */
export default async function setup(project: TestProject) {
  const moto = await startMotoServer();
  project.provide('motoEndpoint', moto.endpoint);
  // The member accounts first: they are made before enableAwsChecks turns moto's checks on.
  project.provide('motoMemberAdmins', await setUpMemberAccounts(moto.endpoint));
  project.provide('motoAdmin', await enableAwsChecks(moto.endpoint));
  return async () => {
    await moto.stop();
  };
}
