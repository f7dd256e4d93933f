#!/usr/bin/env bash
# A hot standby of a PostgreSQL primary on this machine, for tests, the benchmark and drills:
# pg_basebackup -R of the primary into a data directory of its own, served on another port.
#
#   scripts/pg-replica.sh start              create (once) and start the standby; prints its URL base
#   scripts/pg-replica.sh status             running or not, and how far replay is behind
#   scripts/pg-replica.sh stop               stop it (the data directory stays; start resumes it)
#   scripts/pg-replica.sh destroy            stop it, delete its data directory and its slot on the primary
#   scripts/pg-replica.sh allow-replication  let a local Debian cluster accept replication
#                                            connections from 127.0.0.1 (a pg_hba.conf line + reload)
#
# Environment (defaults in brackets):
#   PG_PRIMARY_HOST [127.0.0.1]  PG_PRIMARY_PORT [5432]  PG_PRIMARY_USER [postgres]
#   PG_REPLICA_SLOT [concord_replica_<port>: a physical slot on the primary, dropped by destroy]
#   PG_REPLICA_PORT [5433]       PG_REPLICA_DIR [/var/lib/postgresql/concord-replica-<port> as root,
#                                                else ${TMPDIR:-/tmp}/concord-replica-<port>]
#
# The standby listens on 127.0.0.1 only and trusts local connections as the primary here does: a
# tool for one machine, not a production replica (docs/adr/0041-read-replica.md says how to run one).
# As root, the standby's files and processes belong to the postgres account.
set -euo pipefail

PRIMARY_HOST=${PG_PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PG_PRIMARY_PORT:-5432}
PRIMARY_USER=${PG_PRIMARY_USER:-postgres}
REPLICA_PORT=${PG_REPLICA_PORT:-5433}
if [ "$(id -u)" = 0 ]; then
  DEFAULT_DIR=/var/lib/postgresql/concord-replica-${REPLICA_PORT}
else
  DEFAULT_DIR=${TMPDIR:-/tmp}/concord-replica-${REPLICA_PORT}
fi
REPLICA_DIR=${PG_REPLICA_DIR:-$DEFAULT_DIR}
MARKER=.concord-replica
# A physical slot on the primary keeps the WAL the standby has not received yet (without one, a busy
# primary recycles it while the copy starts, and the standby never catches up). destroy drops it.
SLOT=${PG_REPLICA_SLOT:-concord_replica_${REPLICA_PORT}}

fail() {
  printf 'pg-replica: %s\n' "$*" >&2
  exit 1
}
say() { printf 'pg-replica: %s\n' "$*"; }

# Runs a command as the account that owns the standby (postgres when we are root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "running as root, but there is no postgres account to own the standby"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

primary_sql() {
  psql -X -q -At -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -c "$1"
}
replica_sql() {
  psql -X -q -At -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PRIMARY_USER" -d postgres -c "$1"
}

need() {
  command -v "$1" >/dev/null 2>&1 || fail "$1 is not installed ($2)"
}

# The server binaries of the primary's major version (pg_ctl of another version refuses the files).
bindir() {
  local major=$1
  if [ -x "/usr/lib/postgresql/${major}/bin/pg_ctl" ]; then
    echo "/usr/lib/postgresql/${major}/bin"
  elif command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/pg_ctl" ]; then
    echo "$(pg_config --bindir)"
  else
    fail "no pg_ctl of PostgreSQL ${major} (Debian: apt-get install postgresql-${major})"
  fi
}

check_prerequisites() {
  need psql "Debian: apt-get install postgresql-client"
  need pg_basebackup "Debian: apt-get install postgresql-client"
  need pg_isready "Debian: apt-get install postgresql-client"
  pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" ||
    fail "the primary ${PRIMARY_HOST}:${PRIMARY_PORT} is not accepting connections (PG_PRIMARY_HOST, PG_PRIMARY_PORT)"
  local level senders
  level=$(primary_sql "show wal_level") || fail "cannot query the primary as ${PRIMARY_USER}"
  senders=$(primary_sql "show max_wal_senders")
  [ "$level" = replica ] || [ "$level" = logical ] ||
    fail "the primary has wal_level=${level}: a standby needs replica (a restart of the primary)"
  [ "$senders" -gt 0 ] || fail "the primary has max_wal_senders=0: a standby needs at least 1 (a restart of the primary)"
  # pg_hba.conf's "all" does not cover replication connections: they need a line of their own.
  if ! psql -X -q -At "host=${PRIMARY_HOST} port=${PRIMARY_PORT} user=${PRIMARY_USER} dbname=postgres replication=true" \
    -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
    fail "the primary refuses replication connections from this host as ${PRIMARY_USER}: add
    host replication ${PRIMARY_USER} 127.0.0.1/32 <method>
to its pg_hba.conf and reload it (for a local Debian cluster: scripts/pg-replica.sh allow-replication)"
  fi
}

is_running() {
  [ -f "$REPLICA_DIR/PG_VERSION" ] || return 1
  as_owner "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1
}

locate_binaries() {
  local major
  if [ -f "$REPLICA_DIR/PG_VERSION" ]; then
    major=$(cat "$REPLICA_DIR/PG_VERSION")
  else
    major=$(primary_sql "select current_setting('server_version_num')::int / 10000") ||
      fail "cannot query the primary ${PRIMARY_HOST}:${PRIMARY_PORT}"
  fi
  PG_BIN=$(bindir "$major")
}

# Settings a hot standby must hold at least as high as its primary, or it refuses to start.
write_config() {
  local dir=$1 settings
  settings=$(primary_sql "select string_agg(name || ' = ' || setting, E'\n' order by name) from pg_settings
    where name in ('max_connections','max_worker_processes','max_wal_senders','max_prepared_transactions',
                   'max_locks_per_transaction')")
  cat >"$dir/postgresql.conf" <<EOF
# Written by scripts/pg-replica.sh: a hot standby of ${PRIMARY_HOST}:${PRIMARY_PORT} for tests.
listen_addresses = '127.0.0.1'
port = ${REPLICA_PORT}
unix_socket_directories = '${REPLICA_DIR}'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 32MB
fsync = on
logging_collector = off
${settings}
EOF
  : >"$dir/pg_ident.conf"
  cat >"$dir/pg_hba.conf" <<EOF
# Written by scripts/pg-replica.sh: this machine only.
local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
EOF
  # The primary's own files may name paths (Debian: /etc/postgresql/…) the copy must not use.
  rm -f "$dir/postgresql.auto.conf.bak"
}

cmd_start() {
  need psql "Debian: apt-get install postgresql-client"
  if [ -f "$REPLICA_DIR/$MARKER" ]; then
    locate_binaries
    if is_running; then
      say "already running on 127.0.0.1:${REPLICA_PORT} (${REPLICA_DIR})"
      return 0
    fi
  else
    [ -e "$REPLICA_DIR" ] &&
      fail "${REPLICA_DIR} exists but was not made by this script: choose another PG_REPLICA_DIR or PG_REPLICA_PORT"
    check_prerequisites
    locate_binaries
    if pg_isready -q -h 127.0.0.1 -p "$REPLICA_PORT" 2>/dev/null; then
      fail "port ${REPLICA_PORT} is taken by another server: choose another PG_REPLICA_PORT"
    fi
    # Copied into a temporary directory and renamed: a directory under the final name is complete.
    local parent tmp
    parent=$(dirname "$REPLICA_DIR")
    mkdir -p "$parent"
    tmp="${REPLICA_DIR}.partial-$$"
    rm -rf "$tmp"
    install -d -m 0700 "$tmp"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$tmp"; fi
    say "copying ${PRIMARY_HOST}:${PRIMARY_PORT} into ${REPLICA_DIR} (pg_basebackup, fast checkpoint)"
    # A slot left by an earlier standby on this port that was deleted by hand holds WAL for nothing.
    drop_slot
    if ! as_owner pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -D "$tmp" \
      -R -X stream -C -S "$SLOT" -c fast --no-sync --no-password; then
      rm -rf "$tmp"
      drop_slot
      fail "pg_basebackup failed (see above)"
    fi
    write_config "$tmp"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$tmp/postgresql.conf" "$tmp/pg_hba.conf" "$tmp/pg_ident.conf"; fi
    touch "$tmp/$MARKER"
    mv "$tmp" "$REPLICA_DIR"
  fi
  say "starting the standby on 127.0.0.1:${REPLICA_PORT}"
  if ! as_owner "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_DIR/server.log" -w -t 120 start >/dev/null; then
    tail -n 20 "$REPLICA_DIR/server.log" >&2 || true
    fail "the standby did not start (log above: ${REPLICA_DIR}/server.log)"
  fi
  [ "$(replica_sql "select pg_is_in_recovery()")" = t ] || fail "the server on ${REPLICA_PORT} is not in recovery"
  say "hot standby running: postgres://${PRIMARY_USER}@127.0.0.1:${REPLICA_PORT}/<database>"
}

cmd_stop() {
  if [ ! -f "$REPLICA_DIR/$MARKER" ]; then
    say "no standby in ${REPLICA_DIR}"
    return 0
  fi
  locate_binaries
  if is_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w stop >/dev/null
    say "stopped the standby on port ${REPLICA_PORT}"
  else
    say "the standby on port ${REPLICA_PORT} was not running"
  fi
}

drop_slot() {
  if [ "$(primary_sql "select count(*) from pg_replication_slots where slot_name = '${SLOT}' and not active")" = 1 ]; then
    primary_sql "select pg_drop_replication_slot('${SLOT}')" >/dev/null
    say "dropped the replication slot ${SLOT} on the primary"
  fi
}

cmd_destroy() {
  cmd_stop
  if [ -f "$REPLICA_DIR/$MARKER" ]; then
    rm -rf "$REPLICA_DIR"
    say "deleted ${REPLICA_DIR}"
  fi
  if pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" 2>/dev/null; then
    drop_slot
  else
    say "the primary is down: drop the slot ${SLOT} there once it is back (pg_drop_replication_slot)"
  fi
}

cmd_status() {
  if [ ! -f "$REPLICA_DIR/$MARKER" ]; then
    say "no standby in ${REPLICA_DIR}"
    exit 3
  fi
  locate_binaries
  if ! is_running; then
    say "stopped (${REPLICA_DIR})"
    exit 3
  fi
  local line
  line=$(replica_sql "select pg_is_in_recovery(), pg_is_wal_replay_paused(), pg_last_wal_replay_lsn(),
    coalesce(extract(epoch from now() - pg_last_xact_replay_timestamp())::numeric(12,1)::text, 'n/a')")
  IFS='|' read -r recovering paused lsn age <<<"$line"
  say "running on 127.0.0.1:${REPLICA_PORT} (${REPLICA_DIR}); standby=${recovering} replay_paused=${paused} replayed_lsn=${lsn} seconds_since_last_replayed_commit=${age}"
  if pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" 2>/dev/null; then
    local primary_lsn
    primary_lsn=$(primary_sql "select pg_current_wal_lsn()")
    say "primary ${PRIMARY_HOST}:${PRIMARY_PORT} at ${primary_lsn}; bytes not yet replayed: $(primary_sql "select pg_wal_lsn_diff('${primary_lsn}', '${lsn}')")"
  fi
}

cmd_allow_replication() {
  need pg_lsclusters "only for a local Debian cluster (postgresql-common)"
  case "$PRIMARY_HOST" in
    127.0.0.1 | localhost) ;;
    *) fail "allow-replication edits a local cluster; ${PRIMARY_HOST} is not this machine" ;;
  esac
  local version name
  read -r version name < <(pg_lsclusters -h | awk -v p="$PRIMARY_PORT" '$3 == p { print $1, $2 }')
  [ -n "${version:-}" ] || fail "no local Debian cluster on port ${PRIMARY_PORT}"
  local hba
  hba=$(primary_sql "show hba_file")
  [ -w "$hba" ] || fail "cannot write ${hba} (run as root)"
  if psql -X -q -At "host=127.0.0.1 port=${PRIMARY_PORT} user=${PRIMARY_USER} dbname=postgres replication=true" \
    -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
    say "cluster ${version}/${name} already accepts replication connections from 127.0.0.1"
    return 0
  fi
  # The same method the cluster already uses for ordinary connections from 127.0.0.1.
  local method
  method=$(awk '$1 == "host" && $2 == "all" && $4 == "127.0.0.1/32" { print $5; exit }' "$hba")
  [ -n "$method" ] || fail "${hba} has no 'host all … 127.0.0.1/32' line to follow: add a replication line by hand"
  printf '# Added by Concord scripts/pg-replica.sh: a local hot standby streams from here.\nhost replication %s 127.0.0.1/32 %s\n' \
    "$PRIMARY_USER" "$method" >>"$hba"
  pg_ctlcluster "$version" "$name" reload
  say "cluster ${version}/${name}: replication from 127.0.0.1 allowed (${method}) in ${hba}, configuration reloaded"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  destroy) cmd_destroy ;;
  status) cmd_status ;;
  allow-replication) cmd_allow_replication ;;
  *)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
