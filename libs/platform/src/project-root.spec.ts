import * as path from 'node:path';
import { projectRoot, uncompiledFolder } from './project-root';

describe('uncompiledFolder', () => {
  const root = projectRoot();

  it('run from the source tree (as under jest), is the folder given', () => {
    const folder = path.join(root, 'libs/event-store/src/postgres/migrations');
    expect(uncompiledFolder(folder)).toBe(folder);
  });

  it('run from the build output, is the same path in the source tree', () => {
    expect(uncompiledFolder(path.join(root, 'dist/projections/runner/migrations'), 'dist')).toBe(
      path.join(root, 'projections/runner/migrations'),
    );
  });

  it('leaves a folder outside the build output alone', () => {
    expect(uncompiledFolder('/srv/sql/migrations', 'dist')).toBe('/srv/sql/migrations');
  });
});
