// Settings of every PostgreSQL connection Concord opens (the primary's pool, the replica's and its
// fallback), sent with the connection's start-up packet: no statement of their own.
//
// No parallel query. Concord's statements are short and many run at once (32 connections on a
// 2-core machine in the benchmark); a parallel plan starts worker processes for each execution,
// ~10–15 ms before the first row. The dashboard's rollups read in one statement (five groupings
// under a UNION ALL) were planned in parallel: 31 ms instead of 4 (ADR 0039, amended 2026-12-07).
// Options given in a DATABASE_URL (`?options=…`) take precedence over these.
export const POSTGRES_SESSION_OPTIONS = '-c max_parallel_workers_per_gather=0';
