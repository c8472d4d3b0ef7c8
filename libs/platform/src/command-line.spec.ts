import { oneFileArgument, readCommandLine, refuseFlagValues } from './command-line';

describe('readCommandLine', () => {
  const read = (argv: string[]) => {
    if (argv[0] !== 'go') throw new Error(`unknown command "${argv[0]}"`);
    return argv.length;
  };

  it('hands back what `read` made of the arguments', () => {
    expect(readCommandLine(['go', 'x'], 'usage: go', read)).toEqual({ args: 2 });
  });

  it('--help or -h anywhere: the usage, nothing read', () => {
    expect(readCommandLine(['--help'], 'usage: go', read)).toEqual({ help: 'usage: go' });
    expect(readCommandLine(['go', '-h'], 'usage: go', read)).toEqual({ help: 'usage: go' });
  });

  it('anything `read` throws is a mistake, said before the usage', () => {
    expect(readCommandLine(['stop'], 'usage: go', read)).toEqual({ mistake: 'unknown command "stop"\nusage: go' });
  });
});

describe('oneFileArgument', () => {
  it('one file, no option, no second file', () => {
    expect(oneFileArgument(['cases.ndjson'])).toBe('cases.ndjson');
    expect(() => oneFileArgument([])).toThrow('name the file');
    expect(() => oneFileArgument(['a', 'b'])).toThrow('one file only, not 2');
    expect(() => oneFileArgument(['--bogus'])).toThrow(/Unknown option '--bogus'/);
  });
});

describe('refuseFlagValues', () => {
  it('a value that starts with `-` is the next flag, the value forgotten: refused, naming both', () => {
    expect(() => refuseFlagValues(['verify', '--actor', '--json'], ['actor'])).toThrow('--actor needs a value, not the option "--json"');
    expect(() => refuseFlagValues(['verify', '--actor', 'ops-zhang', '--json'], ['actor'])).not.toThrow();
    expect(() => refuseFlagValues(['verify', '--actor=-x'], ['actor'])).not.toThrow();
  });
});
