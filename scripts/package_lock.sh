# Waiting for the system package manager (sourced by scripts/setup.sh; no side effects).
#
# apt and dpkg hold /var/lib/dpkg/lock-frontend while they install (an unattended upgrade
# can hold it for many minutes). Instead of failing at once, set-up waits for it, says who
# holds it, and gives up after a time limit with a sentence saying what to do.
#
#   PANCHAYAT_APT_WAIT  seconds to wait for the lock (default 600: 10 minutes)
#   PANCHAYAT_APT_LOCK  the lock file (default /var/lib/dpkg/lock-frontend; tests use a temp file)

package_lock_path() {
  echo "${PANCHAYAT_APT_LOCK:-/var/lib/dpkg/lock-frontend}"
}

package_wait_seconds() {
  local wait="${PANCHAYAT_APT_WAIT:-600}"
  if ! [[ "$wait" =~ ^[0-9]+$ ]]; then
    echo "error: PANCHAYAT_APT_WAIT must be a whole number of seconds, not '$wait'." >&2
    return 1
  fi
  echo "$wait"
}

# "10 minutes" for 600, "90 seconds" for 90, "1 minute" for 60.
describe_seconds() {
  local seconds="$1"
  if [ "$seconds" -ge 60 ] && [ $((seconds % 60)) = 0 ]; then
    local minutes=$((seconds / 60))
    [ "$minutes" = 1 ] && echo "1 minute" || echo "$minutes minutes"
  else
    [ "$seconds" = 1 ] && echo "1 second" || echo "$seconds seconds"
  fi
}

# The processes that have the lock file open, as "name (pid N)", comma-separated; empty if none.
# apt and dpkg open the lock file only to hold it, so an open file means a held lock.
package_lock_holders() {
  local lock="$1" pids="" pid fd names=()
  [ -e "$lock" ] || return 0
  if command -v fuser >/dev/null 2>&1; then
    pids=$(fuser "$lock" 2>/dev/null || true)
  else
    for fd in /proc/[0-9]*/fd/*; do
      if [ "$fd" -ef "$lock" ]; then
        pid="${fd#/proc/}"
        pids+=" ${pid%%/*}"
      fi
    done
  fi
  for pid in $(printf '%s\n' $pids | tr -cd '0-9\n' | sort -un); do
    names+=("$(cat "/proc/$pid/comm" 2>/dev/null || echo unknown) (pid $pid)")
  done
  local IFS=,
  echo "${names[*]}" | sed 's/,/, /g'
}

# Return 0 once nobody holds the lock; 1 (with a sentence on stderr) after the time limit.
wait_for_package_manager() {
  local lock wait holders waited=0 announced=0 start=$SECONDS
  lock=$(package_lock_path)
  wait=$(package_wait_seconds) || return 1
  while true; do
    holders=$(package_lock_holders "$lock")
    waited=$((SECONDS - start))
    if [ -z "$holders" ]; then
      [ "$announced" = 1 ] && echo "… the package manager is free again after $(describe_seconds "$waited")"
      return 0
    fi
    if [ "$announced" = 0 ]; then
      echo "… waiting for the package manager (held by $holders) — up to $(describe_seconds "$wait")"
      announced=1
    fi
    if [ "$waited" -gt "$wait" ]; then  # whole seconds: more than the limit has surely passed
      echo "error: the package manager is still busy after $(describe_seconds "$wait") (held by $holders," \
        "lock $lock); let it finish, then run scripts/setup.sh again (PANCHAYAT_APT_WAIT=SECONDS waits longer)." >&2
      return 1
    fi
    sleep 1
  done
}
