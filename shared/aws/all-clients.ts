import { autoScalingFactory } from './client-factories/auto-scaling.ts';
import { cloudWatchFactory } from './client-factories/cloud-watch.ts';
import { dynamoDbFactory } from './client-factories/dynamo-db.ts';
import { dynamoDbDocumentFactory } from './client-factories/dynamo-db-document.ts';
import { ec2Factory } from './client-factories/ec2.ts';
import { ecsFactory } from './client-factories/ecs.ts';
import { eventBridgeFactory } from './client-factories/event-bridge.ts';
import { iamFactory } from './client-factories/iam.ts';
import { kmsFactory } from './client-factories/kms.ts';
import { lambdaFactory } from './client-factories/lambda.ts';
import { s3Factory } from './client-factories/s3.ts';
import { schedulerFactory } from './client-factories/scheduler.ts';
import { secretsManagerFactory } from './client-factories/secrets-manager.ts';
import { sqsFactory } from './client-factories/sqs.ts';
import { ssmFactory } from './client-factories/ssm.ts';
import { stsFactory } from './client-factories/sts.ts';
import { type ClientOptions, clientOptions } from './client-options.ts';
import { type AwsClients, type ClientInstrument, createClients } from './clients.ts';

/** Every service's client (the worker, the runbook and chat-ops functions, the CLI). */
export function createAwsClients(
  options: ClientOptions = clientOptions(),
  instrument?: ClientInstrument,
): AwsClients {
  return createClients(
    {
      ec2: ec2Factory,
      autoScaling: autoScalingFactory,
      sqs: sqsFactory,
      eventBridge: eventBridgeFactory,
      secretsManager: secretsManagerFactory,
      iam: iamFactory,
      ecs: ecsFactory,
      ssm: ssmFactory,
      lambda: lambdaFactory,
      scheduler: schedulerFactory,
      cloudWatch: cloudWatchFactory,
      sts: stsFactory,
      kms: kmsFactory,
      s3: s3Factory,
      dynamoDb: dynamoDbFactory,
      dynamoDbDocument: dynamoDbDocumentFactory,
    },
    options,
    instrument,
  );
}

let processClients: AwsClients | undefined;

/** The clients of this process (one set per Lambda cold start), instrumented as the first caller asks. */
export function awsClients(instrument?: ClientInstrument): AwsClients {
  processClients ??= createAwsClients(clientOptions(), instrument);
  return processClients;
}
