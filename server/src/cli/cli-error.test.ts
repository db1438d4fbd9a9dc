import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { CliError, describeFailure, ExitCode } from './cli-error';

describe('describeFailure', () => {
  it("reports the operator's input (4xx from the services, CliError) as exit 1 with the service's message", () => {
    expect(describeFailure(new CliError('unknown tenant "x"'))).toEqual({ message: 'unknown tenant "x"', exitCode: ExitCode.usage });
    expect(describeFailure(new NotFoundException('User not found'))).toEqual({ message: 'User not found', exitCode: 1 });
    expect(describeFailure(new ConflictException({ message: 'taken', code: 'x' }))).toEqual({ message: 'taken', exitCode: 1 });
    expect(describeFailure(new BadRequestException('password: must not contain the e-mail address')).exitCode).toBe(1);
  });

  it('reports anything else as the environment failing (exit 2), by its message only', () => {
    expect(describeFailure(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toEqual({
      message: 'connect ECONNREFUSED 127.0.0.1:5432',
      exitCode: ExitCode.runtime,
    });
    expect(describeFailure(new CliError('database down', ExitCode.runtime)).exitCode).toBe(2);
  });
});
