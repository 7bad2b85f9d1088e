#!/usr/bin/env bash
# A local three-node Apache Cassandra 5.0 cluster for Annals' tests: nodes on
# 127.0.0.1, 127.0.0.2 and 127.0.0.3 (on Linux all of 127.0.0.0/8 is loopback),
# each started by cassandra.sh from the same Maven jars.
#
#   bash scripts/cassandra/cassandra-cluster.sh start      # start the three nodes, wait until each sees all UP
#   bash scripts/cassandra/cassandra-cluster.sh status     # each node's state, and the ring as node 1 sees it
#   bash scripts/cassandra/cassandra-cluster.sh stop       # stop the nodes and delete their data
#   bash scripts/cassandra/cassandra-cluster.sh kill N     # SIGKILL node N (1-3), keeping its data
#   bash scripts/cassandra/cassandra-cluster.sh restart N  # start node N again on its data, wait until it is UP
#   bash scripts/cassandra/cassandra-cluster.sh nodetool [ARGS]  # nodetool against node 1 (or the first alive)
#
# The CQL port is the same on each address, 9142 by default rather than Cassandra's 9042, so that the cluster
# runs beside the single node of cassandra.sh (which holds 127.0.0.1:9042). With no single node running,
# ANNALS_CASSANDRA_CLUSTER_PORT=9042 gives the usual layout.
#
# Environment (all optional; other ANNALS_CASSANDRA_* settings of cassandra.sh, such as _CACHE, _JAVA,
# _TIMEOUT and _LOG_LEVEL, apply to every node):
#   ANNALS_CASSANDRA_CLUSTER_DIR           run dirs node1..node3 (default ${TMPDIR:-/tmp}/annals-cassandra-cluster)
#   ANNALS_CASSANDRA_CLUSTER_PORT          CQL native port on each address (default 9142)
#   ANNALS_CASSANDRA_CLUSTER_STORAGE_PORT  internode port on each address (default 7100)
#   ANNALS_CASSANDRA_CLUSTER_JMX_PORT      node N's local JMX port, for nodetool, is this + N (default 7200)
#   ANNALS_CASSANDRA_CLUSTER_HEAP          heap of each node (default 768M)

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NODE_SCRIPT="$SCRIPT_DIR/cassandra.sh"

CLUSTER_DIR="${ANNALS_CASSANDRA_CLUSTER_DIR:-${TMPDIR:-/tmp}/annals-cassandra-cluster}"
[[ $CLUSTER_DIR == /* ]] || CLUSTER_DIR="$PWD/$CLUSTER_DIR"
PORT="${ANNALS_CASSANDRA_CLUSTER_PORT:-9142}"
STORAGE_PORT="${ANNALS_CASSANDRA_CLUSTER_STORAGE_PORT:-7100}"
JMX_BASE="${ANNALS_CASSANDRA_CLUSTER_JMX_PORT:-7200}"
HEAP="${ANNALS_CASSANDRA_CLUSTER_HEAP:-768M}"
TIMEOUT="${ANNALS_CASSANDRA_TIMEOUT:-180}"
JAVA_BIN="${ANNALS_CASSANDRA_JAVA:-java}"
NODES=(1 2 3)
# One token each, evenly spaced over Murmur3's range: every node owns a third, and with replication factor 3
# every node holds every row.
TOKENS=(-9223372036854775808 -3074457345618258603 3074457345618258602)

log() { printf 'cassandra-cluster.sh: %s\n' "$*"; }
err() { printf 'cassandra-cluster.sh: error: %s\n' "$*" >&2; }

usage() {
  cat >&2 <<EOF
usage: $0 start|stop|status|kill N|restart N|nodetool [ARGS]
  start      start three nodes on 127.0.0.1-3:$PORT, wait until each sees the three UP
  stop       stop the nodes and delete their data
  status     each node's state, and the ring as the first node alive sees it
  kill N     SIGKILL node N (1-3), as a crash would, keeping its data
  restart N  start node N again on its data (stopping it first if it runs), wait until the others see it UP
  nodetool [ARGS]  run nodetool against the first node alive (default: status)
EOF
}

address() { printf '127.0.0.%s' "$1"; }

# Runs cassandra.sh for node N with that node's settings.
node() {
  local n=$1
  shift
  local seeds="" m
  for m in "${NODES[@]}"; do seeds+="${seeds:+,}$(address "$m"):$STORAGE_PORT"; done
  ANNALS_CASSANDRA_DIR="$CLUSTER_DIR/node$n" \
    ANNALS_CASSANDRA_HOST="$(address "$n")" \
    ANNALS_CASSANDRA_PORT="$PORT" \
    ANNALS_CASSANDRA_STORAGE_PORT="$STORAGE_PORT" \
    ANNALS_CASSANDRA_JMX_PORT="$((JMX_BASE + n))" \
    ANNALS_CASSANDRA_SEEDS="$seeds" \
    ANNALS_CASSANDRA_INITIAL_TOKEN="${TOKENS[n - 1]}" \
    ANNALS_CASSANDRA_CLUSTER_NAME=annals-cluster \
    ANNALS_CASSANDRA_HEAP="$HEAP" \
    ANNALS_CASSANDRA_HINTED_HANDOFF=true \
    ANNALS_CASSANDRA_UNSAFE_SYSTEM=false \
    bash "$NODE_SCRIPT" "$@" 2>&1 7>&- | sed "s/^/node$n: /"
}

check_node_number() {
  if [[ ! ${1:-} =~ ^[123]$ ]]; then
    err "expected a node number, 1, 2 or 3; got '${1:-}'"
    usage
    exit 2
  fi
}

# On Linux every address of 127.0.0.0/8 is loopback; elsewhere (macOS) 127.0.0.2 and .3 need an alias.
check_addresses() {
  local n
  [[ $(uname -s) == Linux ]] && return 0
  for n in "${NODES[@]}"; do
    if ! ifconfig lo0 2>/dev/null | grep -q "inet $(address "$n") "; then
      err "$(address "$n") is not an address of lo0; add it with: sudo ifconfig lo0 alias $(address "$n")"
      return 1
    fi
  done
}

# nodetool from the jars against node N's local JMX port, with the JVM options of Cassandra's
# conf/jvm17-clients.options that it needs, and its own logging off.
nodetool_on() {
  local n=$1 lib logback="$CLUSTER_DIR/nodetool-logback.xml"
  shift
  lib="$(bash "$NODE_SCRIPT" libdir)"
  [[ -f $logback ]] || printf '<configuration><root level="OFF"/></configuration>\n' >"$logback"
  "$JAVA_BIN" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "-Dlogback.configurationFile=$logback" \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-exports java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED \
    -cp "$lib/*" org.apache.cassandra.tools.NodeTool -h 127.0.0.1 -p "$((JMX_BASE + n))" "$@"
}

# How many nodes node N sees as Up and Normal.
up_normal_seen_by() {
  nodetool_on "$1" status 2>/dev/null | grep -c '^UN ' || true
}

# Waits until each node in NODES_TO_ASK sees all three nodes Up and Normal.
wait_until_all_up() {
  local deadline=$((SECONDS + TIMEOUT)) n seen
  for n in "$@"; do
    until seen="$(up_normal_seen_by "$n")" && [[ $seen == "${#NODES[@]}" ]]; do
      if ((SECONDS >= deadline)); then
        err "node $n sees ${seen:-no} of ${#NODES[@]} nodes Up and Normal after ${TIMEOUT}s (ANNALS_CASSANDRA_TIMEOUT)"
        nodetool_on "$n" status >&2 || true
        return 1
      fi
      sleep 1
    done
  done
  log "each node sees the ${#NODES[@]} nodes Up and Normal"
}

cmd_start() {
  local started=$SECONDS n failed=0
  local -a pids=()
  check_addresses
  bash "$NODE_SCRIPT" fetch
  log "starting ${#NODES[@]} nodes on 127.0.0.1-${#NODES[@]}:$PORT (run dirs in $CLUSTER_DIR)"
  # Side by side: with auto_bootstrap off and a token each, no node waits for another to join.
  for n in "${NODES[@]}"; do
    node "$n" start &
    pids+=($!)
  done
  for n in "${!pids[@]}"; do wait "${pids[n]}" || failed=1; done
  if ((failed)); then
    err "a node failed to start (its log tail is above); stopping the cluster"
    cmd_stop >&2 || true
    return 1
  fi
  if ! wait_until_all_up "${NODES[@]}"; then
    cmd_stop >&2 || true
    return 1
  fi
  log "started in $((SECONDS - started))s; contact points 127.0.0.1:$PORT,127.0.0.2:$PORT,127.0.0.3:$PORT"
}

cmd_stop() {
  local n failed=0
  local -a pids=()
  for n in "${NODES[@]}"; do
    node "$n" stop &
    pids+=($!)
  done
  for n in "${!pids[@]}"; do wait "${pids[n]}" || failed=1; done
  rm -f "$CLUSTER_DIR/nodetool-logback.xml"
  rmdir "$CLUSTER_DIR" 2>/dev/null || true
  return "$failed"
}

cmd_status() {
  local n running=0 first=""
  for n in "${NODES[@]}"; do
    if node "$n" status; then
      running=$((running + 1))
      first="${first:-$n}"
    fi
  done
  if [[ -n $first ]]; then
    nodetool_on "$first" status || true
  fi
  [[ $running -eq ${#NODES[@]} ]] || return 3
}

cmd_restart() {
  local n=$1 others=() m
  node "$n" restart
  for m in "${NODES[@]}"; do [[ $m == "$n" ]] || others+=("$m"); done
  wait_until_all_up "$n" "${others[@]}"
}

cmd_nodetool() {
  local n
  for n in "${NODES[@]}"; do
    if node "$n" status >/dev/null; then
      nodetool_on "$n" "${@:-status}"
      return
    fi
  done
  err "nodetool: no node of the cluster is running"
  return 1
}

# Serialise start and stop of the cluster; kill and restart of one node are serialised by cassandra.sh.
with_lock() {
  if command -v flock >/dev/null 2>&1; then
    local lock="${CLUSTER_DIR%/}.lock"
    mkdir -p "$(dirname "$lock")"
    exec 7>"$lock"
    if ! flock -w "$((TIMEOUT + 120))" 7; then
      err "could not take the lock $lock (another cassandra-cluster.sh start/stop is stuck?)"
      return 1
    fi
  fi
  "$@"
}

main() {
  case "${1:-}" in
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop ;;
    status) cmd_status ;;
    kill)
      check_node_number "${2:-}"
      node "$2" kill
      ;;
    restart)
      check_node_number "${2:-}"
      cmd_restart "$2"
      ;;
    nodetool)
      shift
      cmd_nodetool "$@"
      ;;
    -h | --help | help) usage ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
