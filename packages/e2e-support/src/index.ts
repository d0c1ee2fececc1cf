export { FakeConnection } from './FakeConnection.js';
export { type MigrationRunOptions, type MigrationRunResult, migrationRun } from './migrationRun.js';
export { sourceWithRdb } from './sourceRdb.js';
