/**
 * Events copied from the Amazon EventBridge user guide and the aws/event-ruler README, so the
 * tests check the matcher against the examples AWS publishes. Each function returns a fresh copy.
 */

/** "Creating Amazon EventBridge event patterns": the EC2 instance-termination event. */
export function ec2TerminatedEvent() {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
  };
}

/** "Matching null values and empty strings": the Auto Scaling launch event. */
export function autoScalingLaunchEvent() {
  return {
    version: '0',
    id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
    'detail-type': 'EC2 Instance Launch Successful',
    source: 'aws.autoscaling',
    account: '123456789012',
    time: '2015-11-11T21:31:47Z',
    region: 'us-east-1',
    resources: [],
    detail: { eventVersion: '', responseElements: null },
  };
}

/** "Example events and event patterns / Value matching": the (truncated) Macie Classic alert. */
export function macieAlertEvent() {
  return {
    version: '0',
    id: '3e355723-fca9-4de3-9fd7-154c289d6b59',
    'detail-type': 'Macie Alert',
    source: 'aws.macie',
    account: '123456789012',
    time: '2017-04-24T22:28:49Z',
    region: 'us-east-1',
    resources: [
      'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id',
      'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id',
    ],
    detail: {
      'notification-type': 'ALERT_CREATED',
      name: 'Scanning bucket policies',
      tags: ['Custom_Alert', 'Insider'],
      url: 'https://lb00.us-east-1.macie.aws.amazon.com/111122223333/posts/alert_id',
      'alert-arn': 'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_',
      'risk-score': 80,
      trigger: {
        'rule-arn': 'arn:aws:macie:us-east-1:123456789012:trigger/trigger_id',
        'alert-type': 'basic',
        'created-at': '2017-01-02 19:54:00.644000',
        description: 'Alerting on failed enumeration of large number of bucket policies',
        risk: 8,
      },
      'created-at': '2017-04-18T00:21:12.059000',
    },
  };
}

/** "Content filtering / Exists matching": the EC2 pending event the exists:true example matches. */
export function ec2PendingEvent() {
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '123456789012',
    time: '2015-11-11T21:29:54Z',
    region: 'us-east-1',
    resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
    detail: { 'instance-id': 'i-abcd1111', state: 'pending' },
  };
}

/** aws/event-ruler README "Ruler by Example": the event every content-filtering rule there is written for. */
export function rulerExampleEvent() {
  return {
    version: '0',
    id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
    'detail-type': 'EC2 Instance State-change Notification',
    source: 'aws.ec2',
    account: '012345679012',
    time: '2017-10-02T16:24:49Z',
    region: 'us-east-1',
    resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
    detail: {
      'c-count': 5,
      'd-count': 3,
      'x-limit': 301.8,
      'source-ip': '10.0.0.33',
      'instance-id': 'i-000000aaaaaa00000',
      state: 'running',
    },
  };
}

/** aws/event-ruler README "JSON Array Matching". */
export function employeesEvent() {
  return {
    employees: [
      { firstName: 'John', lastName: 'Doe' },
      { firstName: 'Anna', lastName: 'Smith' },
      { firstName: 'Peter', lastName: 'Jones' },
    ],
  };
}
