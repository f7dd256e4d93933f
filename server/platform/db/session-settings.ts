// Settings of every PostgreSQL connection Concord opens (the primary's pool, the replica's and its
// fallback), sent with the connection's start-up packet: no statement of their own.
//
// No parallel query. Concord's statements are short and many run at once (32 connections on a
// 2-core machine in the benchmark); a parallel plan starts worker processes for each execution,
// ~10–15 ms before the first row. The dashboard's rollups read in one statement (five groupings
// under a UNION ALL) were planned in parallel: 31 ms instead of 4 (ADR 0039, amended 2026-12-07).
//
// Given as pg's `options`, they would replace PGOPTIONS (pg reads it only when no options are
// given): PGOPTIONS is added after them, so a setting there wins. Options in a DATABASE_URL
// (`?options=…`) replace all of these. Behind PgBouncer, see docs/scale.md §4.
export const POSTGRES_SESSION_OPTIONS = ['-c max_parallel_workers_per_gather=0', process.env.PGOPTIONS]
  .filter((option) => option !== undefined && option.trim() !== '')
  .join(' ');
