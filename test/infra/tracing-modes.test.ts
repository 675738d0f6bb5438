import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const LAYER = 'arn:aws:lambda:eu-west-1:123456789012:layer:AWSOpenTelemetryDistroJs:1';
const out = mkdtempSync(join(tmpdir(), 'reflex-otel-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

interface LambdaFunction {
  Type: string;
  Properties: {
    Layers?: string[];
    TracingConfig?: { Mode: string };
    Environment: { Variables: Record<string, unknown> };
  };
}

describe('tracing behind a flag', () => {
  it('--param tracing=otel packages every function with the ADOT layer and its wrapper, Powertools Tracer off', async () => {
    // Act: the real packager, into a folder of the test's own.
    await promisify(execFile)(
      'npx',
      [
        'osls',
        'package',
        '--stage',
        'dev',
        '--package',
        out,
        '--param=tracing=otel',
        `--param=otelLayerArn=${LAYER}`,
      ],
      { cwd: REPOSITORY_ROOT, timeout: 120_000 },
    );
    // Assess
    const template = JSON.parse(
      readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
    ) as {
      Resources: Record<string, LambdaFunction>;
    };
    const functions = Object.entries(template.Resources).filter(
      ([, resource]) => resource.Type === 'AWS::Lambda::Function',
    );
    expect(functions.length).toBeGreaterThanOrEqual(7);
    for (const [name, { Properties }] of functions) {
      expect(Properties.Layers, name).toEqual([LAYER]);
      expect(Properties.TracingConfig, name).toEqual({ Mode: 'Active' });
      expect(Properties.Environment.Variables, name).toMatchObject({
        AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-instrument',
        OTEL_SERVICE_NAME: 'reflex',
        POWERTOOLS_TRACE_ENABLED: 'false',
      });
    }
  }, 150_000);
});
