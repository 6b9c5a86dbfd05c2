import { describe, expect, test } from 'vitest';
import { engineChoice } from '../../src/cli/engine-choice';
import { main, parseArgs } from '../../src/cli/main';

describe('--engine and the native engine’s options', () => {
  test('browser is the default; native takes a memory limit, threads, a temp folder and reads the --data files', () => {
    expect(engineChoice(parseArgs(['run', '--data', 'a.csv']))).toEqual({ kind: 'browser', readable: ['a.csv'] });
    expect(engineChoice(parseArgs(['run', '--data', 'a.csv', '--data', 'b.csv', '--engine', 'native', '--memory-limit', ' 2GB ', '--threads', '3', '--temp-dir', '/big']))).toEqual({
      kind: 'native', memoryLimit: '2GB', threads: 3, tempDir: '/big', readable: ['a.csv', 'b.csv']
    });
    expect(engineChoice({ engine: 'native', memoryLimit: '512 MiB' })).toMatchObject({ memoryLimit: '512 MiB' });
  });

  test.each([
    [{ engine: 'gpu' }, '--engine must be browser or native, not "gpu"'],
    [{ memoryLimit: '2GB' }, '--memory-limit only apply to --engine native'],
    [{ threads: 2, tempDir: '/x' }, '--threads, --temp-dir only apply to --engine native'],
    [{ engine: 'native', memoryLimit: 'lots' }, '--memory-limit must be a size such as 2GB or 512MB, not "lots"'],
    [{ engine: 'native', memoryLimit: '80%' }, '--memory-limit must be a size such as 2GB or 512MB, not "80%"'],
    [{ engine: 'native', threads: 0 }, '--threads must be a whole number of 1 or more'],
    [{ engine: 'native', threads: 1.5 }, '--threads must be a whole number of 1 or more']
  ])('%o is refused: %s', (flags, message) => {
    expect(() => engineChoice(flags)).toThrow(message);
  });

  test('a wrong engine option is one line and exit 2, before any file is read or engine started', async () => {
    let stderr = '';
    let started = false;
    const code = await main(['run', '--data', 'missing.csv', '--spec', 'missing.json', '--engine', 'native', '--threads', 'many'], {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      engine: async () => {
        started = true;
        throw new Error('not reached');
      }
    });
    expect({ code, stderr, started }).toEqual({ code: 2, stderr: 'journeyscope: --threads must be a whole number of 1 or more\n', started: false });
  });
});
