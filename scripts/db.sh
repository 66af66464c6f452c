#!/usr/bin/env bash
# A local PostgreSQL + PostGIS server for the project, kept under var/postgres/.
#
#   bash scripts/db.sh [start]   install (apt, as root) if missing, create, start; print the URL
#   bash scripts/db.sh stop      stop the server (its data stays)
#   bash scripts/db.sh status    "running" + the URL (exit 0), or "not running" (exit 3)
#   bash scripts/db.sh url       the URL of the server (exit 1 when it was never created)
#
# Only the URL goes to stdout (PANCHAYAT_STORE=$(bash scripts/db.sh)); every step, one line
# each, goes to stderr. The server listens on 127.0.0.1 only, its socket lives in
# var/postgres/socket, and the role panchayat logs in with a generated password kept in
# var/postgres/password (readable by its owner only).
#
#   PANCHAYAT_DB_PORT  TCP port (default 54329)
#   PANCHAYAT_DB_DIR   where the server lives (default var/postgres under the project)
#   PANCHAYAT_PG_BIN   PostgreSQL's programs (default /usr/lib/postgresql/15/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/package_lock.sh

command="${1:-start}"
port="${PANCHAYAT_DB_PORT:-54329}"
home="${PANCHAYAT_DB_DIR:-$PWD/var/postgres}"
bin="${PANCHAYAT_PG_BIN:-/usr/lib/postgresql/15/bin}"
package=postgresql-15-postgis-3
name=panchayat
data="$home/data"
socket="$home/socket"
log="$home/server.log"
password_file="$home/password"

say() { echo "$*" >&2; }
fail() { echo "error: $*" >&2; exit 1; }

if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1024 ] || [ "$port" -gt 65535 ]; then
  fail "PANCHAYAT_DB_PORT must be a port number from 1024 to 65535, not '$port'."
fi

# PostgreSQL refuses to run as root: as root its programs run as the postgres system user.
owner=$(id -un)
[ "$(id -u)" = 0 ] && owner=postgres
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

installed() {
  [ -x "$bin/postgres" ] && [ -e "$("$bin/pg_config" --sharedir 2>/dev/null)/extension/postgis.control" ]
}

running() {
  [ -e "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

# The port of the running server (line 4 of postmaster.pid), else the configured one.
server_port() {
  if running && [ -r "$data/postmaster.pid" ]; then sed -n 4p "$data/postmaster.pid"; else echo "$port"; fi
}

url() {
  echo "postgresql://$name:$(cat "$password_file")@127.0.0.1:$(server_port)/$name"
}

port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

psql_super() {
  PGOPTIONS="-c client_min_messages=warning" as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$socket" -p "$(server_port)" -U "$owner" "$@"
}

install_server() {
  say "db 1/4: PostgreSQL 15 with PostGIS 3 ($package)"
  if installed; then
    say "… already installed"
    return
  fi
  command -v apt-get >/dev/null || fail "PostgreSQL 15 with PostGIS 3 is not installed and apt-get is not available; install them yourself (Debian/Ubuntu: $package), then run scripts/db.sh again."
  [ "$(id -u)" = 0 ] || fail "PostgreSQL 15 with PostGIS 3 is not installed and only root can install it; run sudo apt-get install $package (or sudo bash scripts/db.sh), then run scripts/db.sh again."
  wait_for_package_manager
  local apt_wait
  apt_wait=$(package_wait_seconds)
  say "… installing $package with apt-get"
  if ! { apt-get -o DPkg::Lock::Timeout="$apt_wait" update -qq >&2 \
         && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$apt_wait" \
              install -y -qq "$package" >/dev/null; }; then
    fail "apt-get could not install $package (its message is above); fix that, then run scripts/db.sh again."
  fi
  installed || fail "$package is installed but $bin/postgres or PostGIS is missing; set PANCHAYAT_PG_BIN to PostgreSQL 15's bin folder."
}

create_cluster() {
  say "db 2/4: data folder $data"
  if [ -e "$data/PG_VERSION" ]; then
    say "… already created"
    return
  fi
  mkdir -p "$home" "$socket"
  chmod 700 "$home"
  # the server's owner must reach its folder: every parent needs search permission for it
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$home" "$socket"
    runuser -u postgres -- test -x "$home" \
      || fail "the postgres user cannot enter $home (a parent folder is closed to it); set PANCHAYAT_DB_DIR to a folder it can reach."
  fi
  umask 077
  [ -s "$password_file" ] || head -c 18 /dev/urandom | base64 | tr '+/' '-_' > "$password_file"
  local pwfile
  pwfile=$(mktemp)
  cat "$password_file" > "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
  as_owner "$bin/initdb" -D "$data" -U "$owner" --auth-local=peer --auth-host=reject \
    --encoding=UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; fail "initdb could not create $data (its message is above)."; }
  # the owner logs in through the socket; the role panchayat over TCP with its password; nobody else
  printf 'local all %s peer\nhost all %s 127.0.0.1/32 scram-sha-256\n' "$owner" "$name" \
    | as_owner tee "$data/pg_hba.conf" >/dev/null
  echo "$pwfile" > "$home/.pending-password"
  say "… created"
}

check_port_free() {
  if port_taken "$port"; then
    fail "port $port on 127.0.0.1 is already taken by another program; choose a free one with PANCHAYAT_DB_PORT (e.g. PANCHAYAT_DB_PORT=$((port + 1)) bash scripts/db.sh start)."
  fi
}

start_server() {
  say "db 3/4: server on 127.0.0.1:$port"
  if running; then
    say "… already running on port $(server_port)"
    return
  fi
  check_port_free
  : > "$log"
  [ "$(id -u)" = 0 ] && chown postgres "$log"
  if ! as_owner "$bin/pg_ctl" start -D "$data" -l "$log" -w -t 60 -s 9>&- \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$socket'" >/dev/null; then
    grep -q "Address already in use" "$log" \
      && fail "port $port on 127.0.0.1 is already taken by another program; choose a free one with PANCHAYAT_DB_PORT."
    fail "the server did not start; its log is $log."
  fi
  say "… started"
}

create_database() {
  say "db 4/4: role and database $name with PostGIS"
  if [ ! -e "$home/.pending-password" ]; then
    say "… already created"
    return
  fi
  local pwfile
  pwfile=$(cat "$home/.pending-password")
  # PostGIS in template1: every database created later (a test's, say) has it too
  psql_super -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
  psql_super -d postgres -v pw="$(cat "$pwfile")" >/dev/null <<SQL
CREATE ROLE $name LOGIN CREATEDB PASSWORD :'pw';
CREATE DATABASE $name OWNER $name;
SQL
  psql_super -d "$name" -c "CREATE EXTENSION IF NOT EXISTS postgis" >/dev/null
  rm -f "$pwfile" "$home/.pending-password"
  say "… created"
}

# One start or stop at a time (test workers may start the server together).
lock_server() {
  mkdir -p "$(dirname "$home")"
  exec 9>"$home.lock"
  flock 9
}

case "$command" in
  start)
    lock_server
    install_server
    running || check_port_free  # before creating anything
    create_cluster
    start_server
    create_database
    url
    ;;
  stop)
    lock_server
    if running; then
      as_owner "$bin/pg_ctl" stop -D "$data" -m fast -w -s
      say "db: stopped (data kept in $data)"
    else
      say "db: not running"
    fi
    ;;
  status)
    if running; then
      say "db: running on 127.0.0.1:$(server_port), data in $data"
      url
    else
      say "db: not running (start it with bash scripts/db.sh start)"
      exit 3
    fi
    ;;
  url)
    [ -s "$password_file" ] || fail "there is no server yet; create it with bash scripts/db.sh start."
    url
    ;;
  *)
    fail "unknown command '$command'; use start, stop, status or url."
    ;;
esac
