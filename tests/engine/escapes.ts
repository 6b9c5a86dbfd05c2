// The escape attempts of the security fixtures' lockdown probe, tried against each engine exactly
// as the app and the command line start it (lockdown.test.ts, native-lockdown.test.ts).
export const ESCAPES: [string, string][] = [
  ['remote csv', "SELECT * FROM read_csv('https://example.invalid/x.csv')"],
  ['remote read_text', "SELECT * FROM read_text('https://example.invalid/x')"],
  ['remote parquet', "SELECT * FROM 'https://example.invalid/x.parquet'"],
  ['glob remote', "SELECT * FROM glob('https://example.invalid/*')"],
  ['attach remote', "ATTACH 'https://example.invalid/x.db' AS r"],
  ['LOAD httpfs', 'LOAD httpfs'],
  ['COPY outside the import folder', "COPY (SELECT 1) TO '/other/out.csv'"],
  ['dotdot escape', "SELECT * FROM read_csv('/import/../other/b.csv')"],
  ['other registered file', "SELECT * FROM read_csv('/other/b.csv')"],
  ['re-enable external access', 'SET enable_external_access=true'],
  ['widen allowed directories', "SET allowed_directories=['/']"],
  ['unlock', 'SET lock_configuration=false'],
  ['reset lock', 'RESET lock_configuration'],
  ['autoload back on', 'SET autoload_known_extensions=true'],
  ['getenv', "SELECT getenv('HOME')"],
  // Inside the allowed folder DuckDB lets a statement write as well as read (on the command line,
  // to the real disk): refused by kind (src/lib/engine/statement-guard.ts).
  ['ATTACH a new file in the import folder', "ATTACH '/import/new.db' AS n"],
  ['ATTACH after a comment', "/* x */ attach '/import/new.db'"],
  ['COPY TO the import folder', "COPY (SELECT 1 AS x) TO '/import/out.csv'"],
  ['COPY as a second statement', "SELECT 1; COPY (SELECT 1 AS x) TO '/import/out.csv'"],
  ['EXPORT DATABASE', "EXPORT DATABASE '/import/dump'"],
  ['persistent secret', "CREATE PERSISTENT SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')"],
  ['INSTALL from a file', "INSTALL '/import/x.duckdb_extension'"],
  ['PRAGMA', "PRAGMA enable_profiling"],
  ['SET VARIABLE', "SET VARIABLE p = '/import/x'"],
  // Statements that run another: EXPLAIN ANALYZE runs what it explains, EXECUTE what PREPARE stored.
  ['EXPLAIN ANALYZE COPY', "EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '/import/explained.csv'"],
  ['EXPLAIN ANALYZE PRAGMA', 'EXPLAIN ANALYZE PRAGMA enable_profiling'],
  ['PREPARE a COPY', "PREPARE p AS COPY (SELECT 1 AS x) TO '/import/prepared.csv'"]
];
