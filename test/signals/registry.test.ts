import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createSignalRegistry,
  DuplicateSignalParserError,
  defaultSignalRegistry,
} from '../../shared/signals/registry.ts';
import { defineSignalParser } from '../../shared/signals/signal-parser.ts';
import { eventBridgeParsers } from '../../shared/signals/sources/index.ts';
import { loadEvent } from '../support/fixtures.ts';
import { expectRejection, expectSignal } from './expect-result.ts';

/** Every registered parser needs a real payload it accepts; a new source without one fails here. */
const FIXTURE_OF: Record<string, string> = {
  'cloudwatch-alarm-state-change': 'cloudwatch/alarm-state-change-ec2-status-check.json',
  'ec2-instance-state-change': 'ec2/instance-state-change-stopped.json',
  'ec2-spot-interruption-warning': 'ec2/spot-interruption-warning.json',
  'ec2-cloudtrail-api-call': 'cloudtrail/authorize-security-group-ingress-ssh-world.json',
  'aws-health-event': 'health/ec2-scheduled-retirement.json',
  'autoscaling-launch-unsuccessful': 'autoscaling/instance-launch-unsuccessful.json',
  'ecs-task-state-change': 'ecs/task-stopped-essential-container-exited.json',
  'guardduty-finding': 'guardduty/finding-ec2-high.json',
  'scheduled-event': 'scheduled/scheduled-event.json',
};

function fixtureOf(parserName: string): Record<string, unknown> {
  const path = FIXTURE_OF[parserName];
  if (path === undefined) throw new Error(`parser "${parserName}" has no fixture in FIXTURE_OF`);
  return loadEvent(path);
}

const fakeParser = (name: string, source: string, detailType: string) =>
  defineSignalParser({
    name,
    source,
    detailType,
    schema: z.object({}),
    normalize: () => {
      throw new Error('not used');
    },
  });

describe('signal registry', () => {
  it('refuses a second parser for the same source and detail-type', () => {
    // Prepare
    const registry = createSignalRegistry();

    // Act
    const register = () =>
      registry.register(fakeParser('other-ec2', 'aws.ec2', 'EC2 Instance State-change Notification'));

    // Assess
    expect(register).toThrow(DuplicateSignalParserError);
    expect(register).toThrow(/already handled by "ec2-instance-state-change"/);
  });

  it('refuses a second parser with the same name', () => {
    const registry = createSignalRegistry();

    expect(() => registry.register(fakeParser('scheduled-event', 'custom.app', 'Thing'))).toThrow(
      DuplicateSignalParserError,
    );
  });

  it('looks parsers up by exact source and detail-type', () => {
    const found = defaultSignalRegistry.lookup('aws.health', 'AWS Health Event');

    expect(found.ok && found.value.name).toBe('aws-health-event');
    expectRejection(defaultSignalRegistry.lookup('aws.health', 'aws health event'), 'unknown-type');
  });

  it('lists the known types, sorted', () => {
    expect(defaultSignalRegistry.knownTypes()).toEqual([
      'aws.autoscaling: EC2 Instance Launch Unsuccessful',
      'aws.cloudwatch: CloudWatch Alarm State Change',
      'aws.ec2: AWS API Call via CloudTrail',
      'aws.ec2: EC2 Instance State-change Notification',
      'aws.ec2: EC2 Spot Instance Interruption Warning',
      'aws.ecs: ECS Task State Change',
      'aws.events: Scheduled Event',
      'aws.guardduty: GuardDuty Finding',
      'aws.health: AWS Health Event',
    ]);
  });
});

describe.each(eventBridgeParsers.map((parser) => [parser.name, parser] as const))(
  'parser %s',
  (_name, parser) => {
    it('accepts its fixture and produces a signal of its own source and type', () => {
      const signal = expectSignal(parser.parse(fixtureOf(parser.name)));

      expect(signal.source).toBe(parser.source);
      expect(signal.type).toBe(parser.detailType);
    });

    it('pins source and detail-type, so it never parses another type by accident', () => {
      const event = fixtureOf(parser.name);
      event.source = 'aws.somewhere-else';

      expectRejection(parser.parse(event), 'malformed');
    });

    it('rejects a detail of the wrong type', () => {
      const event = fixtureOf(parser.name);
      event.detail = 'not an object';

      expect(expectRejection(parser.parse(event), 'malformed').reason).toContain('detail: expected object');
    });
  },
);
