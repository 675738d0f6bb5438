import { describe, expect, it } from 'vitest';
import { compilePattern, matchesPattern } from '../../../shared/policies/pattern/index.ts';
import {
  autoScalingLaunchEvent,
  ec2PendingEvent,
  ec2TerminatedEvent,
  employeesEvent,
  macieAlertEvent,
  rulerExampleEvent,
} from './doc-examples.ts';

function matches(pattern: unknown, event: unknown): boolean {
  return matchesPattern(compilePattern(pattern), event);
}

/** A one-field event, for the operator table of "Comparison operators for use in event patterns". */
function field(name: string, value: unknown): Record<string, unknown> {
  return { [name]: value };
}

describe('EventBridge guide: Creating event patterns', () => {
  it('matches the EC2 instance-termination example on source, detail-type and detail.state', () => {
    // Prepare
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };

    // Act
    const result = matches(pattern, ec2TerminatedEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('does not match when one field of the example differs (fields are ANDed)', () => {
    // Prepare
    const pattern = { source: ['aws.ec2'], detail: { state: ['terminated'] } };
    const event = ec2TerminatedEvent();
    event.detail.state = 'running';

    // Act
    const result = matches(pattern, event);

    // Assess
    expect(result).toBe(false);
  });

  it('does not match when a field named in the pattern is missing from the event', () => {
    // Prepare
    const pattern = { source: ['aws.ec2'], detail: { 'instance-type': ['t3.micro'] } };

    // Act
    const result = matches(pattern, ec2TerminatedEvent());

    // Assess
    expect(result).toBe(false);
  });

  it('requires the same nesting structure (a top-level "state" is not detail.state)', () => {
    // Prepare
    const pattern = { state: ['terminated'] };

    // Act
    const result = matches(pattern, ec2TerminatedEvent());

    // Assess
    expect(result).toBe(false);
  });

  it('Match values: matches events from aws.ec2 or aws.fargate', () => {
    // Prepare
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };
    const fargate = { ...ec2TerminatedEvent(), source: 'aws.fargate' };
    const rds = { ...ec2TerminatedEvent(), source: 'aws.rds' };

    // Act
    const results = [ec2TerminatedEvent(), fargate, rds].map((event) => matches(pattern, event));

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('Value matching: matches the Macie alert with risk-score 80 and trigger.risk 8', () => {
    // Prepare
    const pattern = {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    };
    const riskier = macieAlertEvent();
    riskier.detail.trigger.risk = 9;

    // Act
    const results = [matches(pattern, macieAlertEvent()), matches(pattern, riskier)];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('matches strings exactly, without case folding', () => {
    // Prepare
    const pattern = { source: ['AWS.EC2'] };

    // Act
    const result = matches(pattern, ec2TerminatedEvent());

    // Assess
    expect(result).toBe(false);
  });

  it('keeps JSON types apart: the string "80" does not match the number 80, nor true the string "true"', () => {
    // Prepare
    const event = { n: 80, b: 'true' };

    // Act
    const results = [
      matches({ n: ['80'] }, event),
      matches({ b: [true] }, event),
      matches({ n: [80] }, event),
    ];

    // Assess
    expect(results).toEqual([false, false, true]);
  });

  it('uses the last occurrence of a key written twice (Content filtering note), as JSON.parse does', () => {
    // Prepare
    const pattern = JSON.parse(
      '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}',
    ) as unknown;

    // Act
    const results = ['us-east', 'eu-west-1', 'us-west-2'].map((location) =>
      matches(pattern, { detail: { location } }),
    );

    // Assess
    expect(results).toEqual([false, true, true]);
  });
});

describe('EventBridge guide: Matching null values and empty strings', () => {
  it('matches an empty eventVersion with [""]', () => {
    // Prepare
    const pattern = { detail: { eventVersion: [''] } };

    // Act
    const result = matches(pattern, autoScalingLaunchEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('matches a null responseElements with [null]', () => {
    // Prepare
    const pattern = { detail: { responseElements: [null] } };

    // Act
    const result = matches(pattern, autoScalingLaunchEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('does not treat null and empty strings as interchangeable', () => {
    // Prepare
    const emptyMatchesNull = { detail: { responseElements: [''] } };
    const nullMatchesEmpty = { detail: { eventVersion: [null] } };

    // Act
    const results = [
      matches(emptyMatchesNull, autoScalingLaunchEvent()),
      matches(nullMatchesEmpty, autoScalingLaunchEvent()),
    ];

    // Assess
    expect(results).toEqual([false, false]);
  });
});

describe('EventBridge guide: Arrays in event patterns', () => {
  it('matches when the pattern array and the event array intersect', () => {
    // Prepare
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };

    // Act
    const result = matches(pattern, event);

    // Assess
    expect(result).toBe(true);
  });

  it('does not match when the arrays do not intersect, or the event array is empty', () => {
    // Prepare
    const pattern = { resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'] };

    // Act
    const results = [matches(pattern, { resources: ['arn:other'] }), matches(pattern, { resources: [] })];

    // Assess
    expect(results).toEqual([false, false]);
  });

  it('event-ruler JSON Array Matching: looks into arrays of objects', () => {
    // Prepare
    const pattern = { employees: { firstName: ['Anna'] } };

    // Act
    const result = matches(pattern, employeesEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('event-ruler JSON Array Matching: fields must match within one array element (Anna/Jones does not match)', () => {
    // Prepare
    const pattern = { employees: { firstName: ['Anna'], lastName: ['Jones'] } };
    const annaSmith = { employees: { firstName: ['Anna'], lastName: ['Smith'] } };

    // Act
    const results = [matches(pattern, employeesEvent()), matches(annaSmith, employeesEvent())];

    // Assess
    expect(results).toEqual([false, true]);
  });

  it('event-ruler JSON Array Matching: flattens multi-level arrays', () => {
    // Prepare
    const event = {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones' }],
      ],
    };

    // Act
    const results = [
      matches({ employees: { firstName: ['Peter'], lastName: ['Jones'] } }, event),
      matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event),
    ];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('an operator matches when any element of the event array satisfies it', () => {
    // Prepare
    const pattern = { tags: [{ prefix: 'Ins' }], sizes: [{ numeric: ['>', 10] }] };

    // Act
    const results = [
      matches(pattern, { tags: ['Custom_Alert', 'Insider'], sizes: [1, 20] }),
      matches(pattern, { tags: ['Custom_Alert'], sizes: [1, 20] }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('EventBridge guide: Comparison operators — prefix', () => {
  it('Prefix matching: "time" starting with 2017-10-02', () => {
    // Prepare
    const pattern = { time: [{ prefix: '2017-10-02' }] };

    // Act
    const results = [
      matches(pattern, { time: '2017-10-02T18:43:48Z' }),
      matches(pattern, { time: '2017-10-03T18:43:48Z' }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('Begins with: Region is in the US', () => {
    // Prepare
    const pattern = { Region: [{ prefix: 'us-' }] };

    // Act
    const results = ['us-east-1', 'eu-west-1', 'US-EAST-1'].map((region) =>
      matches(pattern, field('Region', region)),
    );

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('Begins with (ignore case): service name starts with "eventb", regardless of case', () => {
    // Prepare
    const pattern = { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] };

    // Act
    const results = ['EventBridge', 'eventbridge', 'EVENTBRIDGE', 'Lambda'].map((service) =>
      matches(pattern, field('service', service)),
    );

    // Assess
    expect(results).toEqual([true, true, true, false]);
  });

  it('only applies to strings (event-ruler: "Prefix matches only work on string-valued fields")', () => {
    // Prepare
    const pattern = { count: [{ prefix: '1' }] };

    // Act
    const results = [matches(pattern, { count: 10 }), matches(pattern, { count: '10' })];

    // Assess
    expect(results).toEqual([false, true]);
  });
});

describe('EventBridge guide: Comparison operators — suffix', () => {
  it('Ends with: FileName ends with a .png extension', () => {
    // Prepare
    const pattern = { FileName: [{ suffix: '.png' }] };

    // Act
    const results = ['image.png', 'image.jpg', 'image.PNG'].map((name) =>
      matches(pattern, field('FileName', name)),
    );

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('Ends with (ignore case): service name ends with "tbridge" in any casing', () => {
    // Prepare
    const pattern = { service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] };

    // Act
    const results = ['EventBridge', 'EVENTBRIDGE', 'eventbus'].map((service) =>
      matches(pattern, field('service', service)),
    );

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('event-ruler Suffix matching: source ending in "ec2"', () => {
    // Prepare
    const pattern = { source: [{ suffix: 'ec2' }] };

    // Act
    const result = matches(pattern, rulerExampleEvent());

    // Assess
    expect(result).toBe(true);
  });
});

describe('EventBridge guide: Comparison operators — equals-ignore-case', () => {
  it('Equals (ignore case): Name is "Alice" in any casing', () => {
    // Prepare
    const pattern = { Name: [{ 'equals-ignore-case': 'alice' }] };

    // Act
    const results = ['Alice', 'ALICE', 'alice', 'Alicia'].map((name) =>
      matches(pattern, field('Name', name)),
    );

    // Assess
    expect(results).toEqual([true, true, true, false]);
  });

  it('Equals and Empty: "Name": ["Alice"] and "LastName": [""]', () => {
    // Prepare
    const event = { Name: 'Alice', LastName: '' };

    // Act
    const results = [
      matches({ Name: ['Alice'] }, event),
      matches({ Name: ['alice'] }, event),
      matches({ LastName: [''] }, event),
      matches({ LastName: [''] }, { LastName: 'Smith' }),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });
});

describe('EventBridge guide: Comparison operators — anything-but', () => {
  it('Anything-but matching: state is anything but "initializing"', () => {
    // Prepare
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };

    // Act
    const results = ['running', 'initializing'].map((state) => matches(pattern, { detail: { state } }));

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('Anything-but matching: x-limit is anything but 123', () => {
    // Prepare
    const pattern = { detail: { 'x-limit': [{ 'anything-but': 123 }] } };

    // Act
    const results = [
      matches(pattern, rulerExampleEvent()),
      matches(pattern, { detail: { 'x-limit': 123 } }),
      matches(pattern, { detail: { 'x-limit': 123.0 } }),
    ];

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('Anything-but matching: a list of strings ["stopped", "overloaded"]', () => {
    // Prepare
    const pattern = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } };

    // Act
    const results = ['running', 'stopped', 'overloaded'].map((state) =>
      matches(pattern, { detail: { state } }),
    );

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('Anything-but matching: a list of numbers [100, 200, 300]', () => {
    // Prepare
    const pattern = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } };

    // Act
    const results = [301.8, 200].map((limit) => matches(pattern, { detail: { 'x-limit': limit } }));

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('Not: Weather is anything but "Raining"', () => {
    // Prepare
    const pattern = { Weather: [{ 'anything-but': ['Raining'] }] };

    // Act
    const results = ['Sunny', 'Raining'].map((weather) => matches(pattern, field('Weather', weather)));

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('Anything-but (begins with): state does not have the prefix "init"; Region is not in the US', () => {
    // Prepare
    const state = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } };
    const region = { Region: [{ 'anything-but': { prefix: 'us-' } }] };

    // Act
    const results = [
      matches(state, { detail: { state: 'running' } }),
      matches(state, { detail: { state: 'initializing' } }),
      matches(region, field('Region', 'eu-west-1')),
      matches(region, field('Region', 'us-east-1')),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });

  it('Anything-but (ends with): FileName does not end with .png', () => {
    // Prepare
    const pattern = { FileName: [{ 'anything-but': { suffix: '.png' } }] };

    // Act
    const results = ['notes.txt', 'image.png'].map((name) => matches(pattern, field('FileName', name)));

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('Anything-but (ignore case): state is anything but "initializing" in any casing', () => {
    // Prepare
    const pattern = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] };

    // Act
    const results = ['running', 'INITIALIZING', 'Initializing'].map((state) =>
      matches(pattern, field('state', state)),
    );

    // Assess
    expect(results).toEqual([true, false, false]);
  });

  it('Anything-but using a wildcard: FilePath does not include /lib/', () => {
    // Prepare
    const pattern = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] };

    // Act
    const results = ['/usr/bin/node', '/usr/lib/libc.so'].map((path) =>
      matches(pattern, field('FilePath', path)),
    );

    // Assess
    expect(results).toEqual([true, false]);
  });

  it('accepts lists inside anything-but prefix, suffix, equals-ignore-case and wildcard', () => {
    // Prepare
    const patterns = [
      { v: [{ 'anything-but': { prefix: ['us-', 'eu-'] } }] },
      { v: [{ 'anything-but': { suffix: ['.png', '.jpg'] } }] },
      { v: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] },
      { v: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }] },
    ];
    const excluded = ['eu-west-1', 'a.jpg', 'OVERLOADED', '/usr/bin/node'];
    const allowed = ['ap-south-1', 'a.gif', 'running', '/usr/share/doc'];

    // Act
    const results = patterns.map((pattern, index) => [
      matches(pattern, { v: excluded[index] }),
      matches(pattern, { v: allowed[index] }),
    ]);

    // Assess
    expect(results).toEqual([
      [false, true],
      [false, true],
      [false, true],
      [false, true],
    ]);
  });

  it('needs the field to be present (anything-but is not "absent or different")', () => {
    // Prepare
    const pattern = { detail: { state: [{ 'anything-but': 'initializing' }] } };

    // Act
    const result = matches(pattern, { detail: {} });

    // Assess
    expect(result).toBe(false);
  });

  it('never excludes a value of another type (event-ruler compares quoted strings against numbers)', () => {
    // Prepare
    const strings = { v: [{ 'anything-but': ['5'] }] };
    const numbers = { v: [{ 'anything-but': [5] }] };
    const prefix = { v: [{ 'anything-but': { prefix: '5' } }] };

    // Act
    const results = [matches(strings, { v: 5 }), matches(numbers, { v: '5' }), matches(prefix, { v: 55 })];

    // Assess
    expect(results).toEqual([true, true, true]);
  });

  it('matches an event array when any element is not excluded', () => {
    // Prepare
    const pattern = { states: [{ 'anything-but': 'stopped' }] };

    // Act
    const results = [
      matches(pattern, { states: ['stopped', 'running'] }),
      matches(pattern, { states: ['stopped'] }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('EventBridge guide: Comparison operators — numeric', () => {
  it('Numeric matching: the c-count, d-count and x-limit example matches the event-ruler sample event', () => {
    // Prepare
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };

    // Act
    const result = matches(pattern, rulerExampleEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('Numeric matching: respects open and closed bounds', () => {
    // Prepare
    const pattern = { c: [{ numeric: ['>', 0, '<=', 5] }] };

    // Act
    const results = [0, 0.000001, 5, 5.000001, -1].map((c) => matches(pattern, { c }));

    // Assess
    expect(results).toEqual([false, true, true, false, false]);
  });

  it('Numeric (equals) and (range): Price is 100; Price is more than 10 and at most 20', () => {
    // Prepare
    const equals = { Price: [{ numeric: ['=', 100] }] };
    const range = { Price: [{ numeric: ['>', 10, '<=', 20] }] };

    // Act
    const results = [
      matches(equals, { Price: 100 }),
      matches(equals, { Price: 100.5 }),
      matches(range, { Price: 10 }),
      matches(range, { Price: 20 }),
    ];

    // Assess
    expect(results).toEqual([true, false, false, true]);
  });

  it('only works with JSON numbers, not numeric strings', () => {
    // Prepare
    const pattern = { Price: [{ numeric: ['>=', 0] }] };

    // Act
    const result = matches(pattern, { Price: '100' });

    // Assess
    expect(result).toBe(false);
  });

  it('ignores event values outside the documented -5e9..5e9 range', () => {
    // Prepare
    const pattern = { n: [{ numeric: ['>', 0] }] };

    // Act
    const results = [matches(pattern, { n: 5e9 }), matches(pattern, { n: 5e9 + 1 })];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('EventBridge guide: Comparison operators — IP address (cidr)', () => {
  it('IP address matching: 10.0.0.0/24 matches 10.0.0.0 to 10.0.0.255', () => {
    // Prepare
    const pattern = { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } };

    // Act
    const results = ['10.0.0.0', '10.0.0.33', '10.0.0.255', '10.0.1.0', 'not-an-ip'].map((ip) =>
      matches(pattern, { detail: { sourceIPAddress: ip } }),
    );

    // Assess
    expect(results).toEqual([true, true, true, false, false]);
  });

  it('event-ruler IP Address Matching: "This also works with IPv6 addresses"', () => {
    // Prepare
    const pattern = { ip: [{ cidr: '2001:db8::/32' }] };

    // Act
    const results = ['2001:db8:85a3::8a2e:370:7334', '2001:0DB8:0:0:0:0:0:1', '2001:db9::1', '10.0.0.1'].map(
      (ip) => matches(pattern, { ip }),
    );

    // Assess
    expect(results).toEqual([true, true, false, false]);
  });
});

describe('EventBridge guide: Comparison operators — exists', () => {
  it('Exists matching: detail.state exists in the EC2 pending event', () => {
    // Prepare
    const pattern = { detail: { state: [{ exists: true }] } };

    // Act
    const result = matches(pattern, ec2PendingEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('Exists matching: does NOT match the event without detail.state', () => {
    // Prepare
    const pattern = { detail: { state: [{ exists: true }] } };
    const event = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { 'c-count': { c1: 100 } },
    };

    // Act
    const result = matches(pattern, event);

    // Assess
    expect(result).toBe(false);
  });

  it('exists: false matches when detail.c-count is absent, and when it is not a leaf node', () => {
    // Prepare
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    const absent = { detail: { state: ['initializing', 'running'] } };
    const intermediate = { detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } } };

    // Act
    const results = [
      matches(pattern, absent),
      matches(pattern, intermediate),
      matches(pattern, rulerExampleEvent()),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('exists: true matches a null leaf value, which is present', () => {
    // Prepare
    const pattern = { detail: { responseElements: [{ exists: true }] } };

    // Act
    const result = matches(pattern, autoScalingLaunchEvent());

    // Assess
    expect(result).toBe(true);
  });

  it('exists: false matches when the parent object itself is missing', () => {
    // Prepare
    const pattern = { detail: { 'c-count': [{ exists: false }] }, source: ['aws.ec2'] };

    // Act
    const result = matches(pattern, { source: 'aws.ec2' });

    // Assess
    expect(result).toBe(true);
  });
});

describe('EventBridge guide: Comparison operators — wildcard', () => {
  it('Wildcard: any file with a .png extension within the folder "dir"', () => {
    // Prepare
    const pattern = { FileName: [{ wildcard: 'dir/*.png' }] };

    // Act
    const results = [
      'dir/image.png',
      'dir/sub/image.png',
      'dir/.png',
      'other/image.png',
      'dir/image.jpg',
    ].map((name) => matches(pattern, field('FileName', name)));

    // Assess
    expect(results).toEqual([true, true, true, false, false]);
  });

  it('event-ruler Wildcard matching: "Simple*Service"', () => {
    // Prepare
    const pattern = { source: [{ wildcard: 'Simple*Service' }] };

    // Act
    const results = ['SimpleNotificationService', 'SimpleService', 'SimpleNotification'].map((source) =>
      matches(pattern, { source }),
    );

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('event-ruler Wildcard matching: \\* is a literal asterisk and \\\\ a literal backslash', () => {
    // Prepare
    const star = { v: [{ wildcard: 'a\\*b' }] };
    const backslash = { v: [{ wildcard: 'C:\\\\*' }] };

    // Act
    const results = [
      matches(star, { v: 'a*b' }),
      matches(star, { v: 'axb' }),
      matches(backslash, { v: 'C:\\Windows' }),
    ];

    // Assess
    expect(results).toEqual([true, false, true]);
  });

  it('treats regular-expression characters as literals', () => {
    // Prepare
    const pattern = { v: [{ wildcard: 'a.b(c)*' }] };

    // Act
    const results = [matches(pattern, { v: 'a.b(c)xyz' }), matches(pattern, { v: 'axb(c)' })];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('EventBridge guide: Comparison operators — $or', () => {
  it('Or: Location is "New York", or Day is "Monday"', () => {
    // Prepare
    const pattern = { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] };

    // Act
    const results = [
      matches(pattern, { Location: 'New York', Day: 'Friday' }),
      matches(pattern, { Location: 'Paris', Day: 'Monday' }),
      matches(pattern, { Location: 'Paris', Day: 'Friday' }),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('Or: PaymentType is "Credit" or "Debit" (an array is an OR)', () => {
    // Prepare
    const pattern = { PaymentType: ['Credit', 'Debit'] };

    // Act
    const results = ['Credit', 'Debit', 'Cash'].map((type) => matches(pattern, field('PaymentType', type)));

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('event-ruler "Or" has an "And" inside: source && (metricName || (metricType && namespace) || scope)', () => {
    // Prepare
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'] },
        { scope: ['Service'] },
      ],
    };

    // Act
    const results = [
      matches(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' }),
      matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/ES' }),
      matches(pattern, { source: 'aws.cloudwatch', metricType: 'MetricType' }),
      matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' }),
      matches(pattern, { source: 'aws.ec2', scope: 'Service' }),
    ];

    // Assess
    expect(results).toEqual([true, true, false, true, false]);
  });

  it('event-ruler Parallel "Or" at two levels: (metricName || namespace) && (detail.source || detail.detail-type)', () => {
    // Prepare
    const pattern = {
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };

    // Act
    const results = [
      matches(pattern, { namespace: 'AWS/EC2', detail: { 'detail-type': 'CloudWatch Alarm State Change' } }),
      matches(pattern, { metricName: 'CPUUtilization', detail: { source: 'aws.cloudwatch' } }),
      matches(pattern, { metricName: 'CPUUtilization', detail: { source: 'aws.ec2' } }),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('event-ruler Nested "Or" and "And": an $or inside an $or branch', () => {
    // Prepare
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2', 'AWS/ES'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };

    // Act
    const results = [
      matches(pattern, { ...base, spaceId: 1000 }),
      matches(pattern, { ...base, metricId: 1234 }),
      matches(pattern, { ...base, metricId: 9999 }),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it('event-ruler $or inside detail: c-count || d-count || x-limit', () => {
    // Prepare
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };

    // Act
    const results = [
      matches(pattern, { detail: { 'c-count': 50, 'd-count': 50, 'x-limit': 301.8 } }),
      matches(pattern, { detail: { 'c-count': 50, 'd-count': 50, 'x-limit': 1 } }),
    ];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('EventBridge guide: Complex example with multiple matching', () => {
  it('combines prefix, anything-but and numeric on the event-ruler sample event', () => {
    // Prepare
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
      },
    };
    const initializing = rulerExampleEvent();
    initializing.detail.state = 'initializing';

    // Act
    const results = [matches(pattern, rulerExampleEvent()), matches(pattern, initializing)];

    // Assess
    expect(results).toEqual([true, false]);
  });
});

describe('patterns that match nothing', () => {
  it('an empty value list matches no event, whatever the field holds', () => {
    // Prepare
    const pattern = { source: ['aws.ec2'], detail: { state: [] } };

    // Act
    const results = [matches(pattern, ec2TerminatedEvent()), matches(pattern, { source: 'aws.ec2' })];

    // Assess
    expect(results).toEqual([false, false]);
  });

  it('fields named like Object.prototype members are ordinary fields', () => {
    // Prepare
    const pattern = { constructor: [{ exists: true }] };

    // Act
    const results = [matches(pattern, {}), matches(pattern, { constructor: 'x' })];

    // Assess
    expect(results).toEqual([false, true]);
  });
});
