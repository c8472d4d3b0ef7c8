import { DemoHelpRequested, DemoUsageError, parseDemoOptions } from './demo-options';

describe('demo options', () => {
  it('defaults to 300 cases, seed 1, commands in process and the year decided later', () => {
    expect(parseDemoOptions([])).toEqual({ cases: 300, year: null, seed: 1, via: 'in-process' });
  });

  it('reads --name value and --name=value', () => {
    expect(parseDemoOptions(['--cases', '40', '--year=2025', '--seed', '7', '--via=http'])).toEqual({
      cases: 40,
      year: 2025,
      seed: 7,
      via: 'http',
    });
  });

  it.each([
    [['--cases', '0'], '--cases must be an integer from 1 to 100,000, got "0"'],
    [['--cases', '12x'], '--cases must be an integer from 1 to 100,000, got "12x"'],
    [['--year', '25'], '--year must be a year such as 2025, got "25"'],
    [['--year', '1999'], '--year must be from 2000 to 2100, the years the official calendar can have, got "1999"'],
    [['--year=2101'], '--year must be from 2000 to 2100, the years the official calendar can have, got "2101"'],
    [['--seed', '-1'], '--seed must be an integer from 0 to 4,294,967,295, got "-1"'],
    [['--seed=1.5'], '--seed must be an integer from 0 to 4,294,967,295, got "1.5"'],
    [['--cases'], '--cases needs a value'],
    [['--cases', '5', '--cases', '6'], '--cases is given twice'],
    [['--via', 'grpc'], '--via must be in-process or http, got "grpc"'],
    [['--count', '5'], 'unknown argument "--count"'],
    [['40'], 'unknown argument "40"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseDemoOptions(argv)).toThrow(new DemoUsageError(message));
  });

  it('answers --help with the usage', () => {
    expect(() => parseDemoOptions(['--help'])).toThrow(DemoHelpRequested);
  });
});
