#!/usr/bin/env bash
# Local Apache Cassandra 5.0 node for Annals' tests, run from its Maven jars
# (no Docker, no tarball download). One node by default; cassandra-cluster.sh
# runs three through the settings below.
#
#   bash scripts/cassandra/cassandra.sh start    # fetch jars if needed, start, wait for CQL
#   bash scripts/cassandra/cassandra.sh wait     # wait until CQL answers (or fail)
#   bash scripts/cassandra/cassandra.sh status   # is it running?
#   bash scripts/cassandra/cassandra.sh stop     # stop it and delete its data
#   bash scripts/cassandra/cassandra.sh fetch    # only fetch the jars
#   bash scripts/cassandra/cassandra.sh kill     # SIGKILL it, keeping its data (a crash)
#   bash scripts/cassandra/cassandra.sh restart  # stop it if running, start again on its data
#
# Environment (all optional):
#   ANNALS_CASSANDRA_DIR        run dir: config, pid, logs, data
#                               (default ${TMPDIR:-/tmp}/annals-cassandra)
#   ANNALS_CASSANDRA_CACHE      jar cache (default
#                               ${XDG_CACHE_HOME:-$HOME/.cache}/annals/cassandra-<version>)
#   ANNALS_CASSANDRA_VERSION    cassandra-all version (default: the one in pom.xml)
#   ANNALS_CASSANDRA_TIMEOUT    seconds `wait` waits for CQL (default 180)
#   ANNALS_CASSANDRA_HOST       listen and CQL address (default 127.0.0.1)
#   ANNALS_CASSANDRA_PORT       CQL native port (default 9042)
#   ANNALS_CASSANDRA_STORAGE_PORT  internode port (default 7000)
#   ANNALS_CASSANDRA_SEEDS      seed nodes as host:storage-port,... (default: this node)
#   ANNALS_CASSANDRA_INITIAL_TOKEN  this node's one token (default 0)
#   ANNALS_CASSANDRA_CLUSTER_NAME   (default annals-test)
#   ANNALS_CASSANDRA_HINTED_HANDOFF true to keep hints for a node that is down
#                               (default false)
#   ANNALS_CASSANDRA_UNSAFE_SYSTEM  true (default) starts faster by not making
#                               schema changes durable: a node killed after one
#                               restarts without it; false for 'kill' and 'restart'
#   ANNALS_CASSANDRA_JMX_PORT   if set, local-only JMX on that port (for nodetool);
#                               unset = no JMX
#   ANNALS_CASSANDRA_HEAP       heap size, -Xms = -Xmx (default 1G)
#   ANNALS_CASSANDRA_LOG_LEVEL  level written to <run dir>/logs/system.log (default WARN)
#   ANNALS_CASSANDRA_JAVA       java binary (default: `java` on PATH; must be JDK 11 or 17)
#   ANNALS_CASSANDRA_STOP_GRACE seconds between SIGTERM and SIGKILL on stop (default 30)
#   ANNALS_CASSANDRA_CLIENT_KEYSTORE  if set, a PKCS12 keystore with the node's key and
#                               certificate: clients must then connect over TLS
#                               (client_encryption_options); unset = plain CQL
#   ANNALS_CASSANDRA_CLIENT_KEYSTORE_PASSWORD  that keystore's password

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
POM="$SCRIPT_DIR/pom.xml"

pom_version() {
  sed -n 's:.*<cassandra\.version>\([^<]*\)</cassandra\.version>.*:\1:p' "$POM" | head -n 1
}

VERSION="${ANNALS_CASSANDRA_VERSION:-$(pom_version)}"
HOST="${ANNALS_CASSANDRA_HOST:-127.0.0.1}"
NATIVE_PORT="${ANNALS_CASSANDRA_PORT:-9042}"
STORAGE_PORT="${ANNALS_CASSANDRA_STORAGE_PORT:-7000}"
SEEDS="${ANNALS_CASSANDRA_SEEDS:-$HOST:$STORAGE_PORT}"
INITIAL_TOKEN="${ANNALS_CASSANDRA_INITIAL_TOKEN:-0}"
CLUSTER_NAME="${ANNALS_CASSANDRA_CLUSTER_NAME:-annals-test}"
HINTED_HANDOFF="${ANNALS_CASSANDRA_HINTED_HANDOFF:-false}"
UNSAFE_SYSTEM="${ANNALS_CASSANDRA_UNSAFE_SYSTEM:-true}"
JMX_PORT="${ANNALS_CASSANDRA_JMX_PORT:-}"
TIMEOUT="${ANNALS_CASSANDRA_TIMEOUT:-180}"
HEAP="${ANNALS_CASSANDRA_HEAP:-1G}"
LOG_LEVEL="${ANNALS_CASSANDRA_LOG_LEVEL:-WARN}"
JAVA_BIN="${ANNALS_CASSANDRA_JAVA:-java}"
STOP_GRACE="${ANNALS_CASSANDRA_STOP_GRACE:-30}"
CLIENT_KEYSTORE="${ANNALS_CASSANDRA_CLIENT_KEYSTORE:-}"
CLIENT_KEYSTORE_PASSWORD="${ANNALS_CASSANDRA_CLIENT_KEYSTORE_PASSWORD:-}"

RUN_DIR="${ANNALS_CASSANDRA_DIR:-${TMPDIR:-/tmp}/annals-cassandra}"
[[ $RUN_DIR == /* ]] || RUN_DIR="$PWD/$RUN_DIR"
CACHE_DIR="${ANNALS_CASSANDRA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/annals/cassandra-$VERSION}"
LIB_DIR="$CACHE_DIR/lib"
LIB_MARKER="$CACHE_DIR/lib.complete"

CONF_DIR="$RUN_DIR/conf"
LOG_DIR="$RUN_DIR/logs"
YAML="$CONF_DIR/cassandra.yaml"
LOGBACK="$CONF_DIR/logback.xml"
PID_FILE="$RUN_DIR/cassandra.pid"
OUT_LOG="$LOG_DIR/cassandra.out"
SYSTEM_LOG="$LOG_DIR/system.log"
# What start creates under RUN_DIR, and what stop deletes (nothing else is touched).
RUN_ENTRIES=(conf logs data commitlog saved_caches hints cdc_raw triggers tmp cassandra.pid)

log() { printf 'cassandra.sh: %s\n' "$*"; }
err() { printf 'cassandra.sh: error: %s\n' "$*" >&2; }

usage() {
  cat >&2 <<EOF
usage: $0 start|stop|status|wait|fetch|libdir|kill|restart
  start   fetch jars if needed, start a fresh node on $HOST:$NATIVE_PORT, wait for CQL
  stop    stop the node started by 'start' and delete its data
  status  say whether it is running
  wait    wait until CQL answers on $HOST:$NATIVE_PORT (timeout ${TIMEOUT}s)
  fetch   fetch the jars into $LIB_DIR if they are not there
  libdir  fetch the jars if needed and print their directory (for nodetool)
  kill    SIGKILL the node, as a crash would, keeping its data
  restart stop the node if it runs (keeping its data), start it again on its data
EOF
}

# ---------------------------------------------------------------------------
# Probes

# True when a CQL server answers a native-protocol v4 OPTIONS request with
# SUPPORTED (a bare TCP connect is not enough: another program could hold the
# port, or a half-started or hung node could accept without answering).
cql_answers() {
  local reply
  local -a bytes
  if [[ -n $CLIENT_KEYSTORE ]]; then
    # With client encryption the port speaks only TLS, and it opens once CQL is ready: a completed
    # handshake is the answer. The certificate is not checked; the probe sends nothing secret.
    timeout 5 openssl s_client -brief -connect "$HOST:$NATIVE_PORT" </dev/null 2>&1 |
      grep -q '^CONNECTION ESTABLISHED'
    return
  fi
  # Frame: version 0x04 (request), flags 0, stream 0, opcode 0x05 OPTIONS, body length 0.
  # shellcheck disable=SC2016 # expanded by the inner shell
  reply="$(timeout 5 bash -c '
      exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "\x04\x00\x00\x00\x05\x00\x00\x00\x00" >&3
      head -c 5 <&3 | od -An -tx1
    ' "$HOST" "$NATIVE_PORT" 2>/dev/null)" || return 1
  # Reply header: version 0x84 (response v4), flags, stream (2 bytes), opcode 0x06 SUPPORTED.
  read -r -a bytes <<<"$reply"
  [[ ${#bytes[@]} -eq 5 && ${bytes[0]} == 84 && ${bytes[4]} == 06 ]]
}

port_in_use() {
  # shellcheck disable=SC2016 # expanded by the inner shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$HOST" "$1" 2>/dev/null
}

# Prints the pid from the pid file if that process is alive and is our node.
running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n $pid ]] || return 1
  alive "$pid" || return 1
  # Guard against a recycled pid: the command line must name our config file.
  if [[ -r /proc/$pid/cmdline ]]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$YAML" || return 1
  fi
  printf '%s\n' "$pid"
}

show_logs() {
  local f
  for f in "$SYSTEM_LOG" "$OUT_LOG"; do
    if [[ -s $f ]]; then
      printf -- '----- last 40 lines of %s -----\n' "$f" >&2
      tail -n 40 "$f" >&2
    fi
  done
  if [[ ! -s $SYSTEM_LOG && ! -s $OUT_LOG ]]; then
    printf -- '----- no Cassandra log in %s -----\n' "$LOG_DIR" >&2
  fi
}

# ---------------------------------------------------------------------------
# Steps

fetch_jars() {
  if [[ -f $LIB_MARKER && -d $LIB_DIR ]]; then
    return 0
  fi
  # Nodes of a cluster start side by side from one cache: one fetch at a time.
  mkdir -p "$CACHE_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 8>"$CACHE_DIR.lock"
    if ! flock -w 900 8; then
      err "fetching jars: could not take the lock $CACHE_DIR.lock within 900s"
      return 1
    fi
    if [[ -f $LIB_MARKER && -d $LIB_DIR ]]; then
      exec 8>&-
      return 0
    fi
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    err "fetching jars: 'mvn' (Apache Maven) is not on PATH"
    return 1
  fi
  log "fetching jars: cassandra-all $VERSION into $LIB_DIR (first run only) ..."
  rm -rf "$LIB_DIR" "$LIB_DIR.partial" "$LIB_MARKER"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
      -Dcassandra.version="$VERSION" -DincludeScope=runtime \
      -DoutputDirectory="$LIB_DIR.partial" >"$CACHE_DIR/mvn.log" 2>&1; then
    err "fetching jars: mvn dependency:copy-dependencies failed for cassandra-all $VERSION"
    tail -n 40 "$CACHE_DIR/mvn.log" >&2 || true
    rm -rf "$LIB_DIR.partial"
    return 1
  fi
  if ! ls "$LIB_DIR.partial"/cassandra-all-*.jar >/dev/null 2>&1; then
    err "fetching jars: no cassandra-all jar in $LIB_DIR.partial after mvn"
    return 1
  fi
  mv "$LIB_DIR.partial" "$LIB_DIR"
  date -u +%FT%TZ >"$LIB_MARKER"
  rm -f "$CACHE_DIR/mvn.log"
  log "fetching jars: done ($(find "$LIB_DIR" -name '*.jar' | wc -l) jars)"
  exec 8>&-
}

check_java() {
  local line major
  if ! command -v "$JAVA_BIN" >/dev/null 2>&1; then
    err "starting JVM: '$JAVA_BIN' not found (set ANNALS_CASSANDRA_JAVA to a JDK 17 java)"
    return 1
  fi
  line="$("$JAVA_BIN" -version 2>&1 | head -n 1)"
  major="$(sed -n 's/.*version "\([0-9]*\).*/\1/p' <<<"$line")"
  if [[ $major != 11 && $major != 17 ]]; then
    err "starting JVM: Cassandra 5.0 runs on Java 11 or 17, but '$JAVA_BIN' is: $line"
    err "starting JVM: set ANNALS_CASSANDRA_JAVA, e.g. /usr/lib/jvm/java-17-openjdk-amd64/bin/java"
    return 1
  fi
}

clean_run_dir() {
  local e
  for e in "${RUN_ENTRIES[@]}"; do
    rm -rf "${RUN_DIR:?}/$e"
  done
}

write_config() {
  mkdir -p "$CONF_DIR" "$LOG_DIR" "$RUN_DIR/data" "$RUN_DIR/commitlog" \
    "$RUN_DIR/saved_caches" "$RUN_DIR/hints" "$RUN_DIR/cdc_raw" \
    "$RUN_DIR/triggers" "$RUN_DIR/tmp"

  cat >"$YAML" <<EOF
# Generated by scripts/cassandra/cassandra.sh: a throwaway node for tests.
cluster_name: $CLUSTER_NAME
num_tokens: 1
initial_token: $INITIAL_TOKEN
# Nodes of a new, empty cluster own their given token at once: nothing to stream.
auto_bootstrap: false
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
endpoint_snitch: SimpleSnitch
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "$SEEDS"

listen_address: $HOST
rpc_address: $HOST
storage_port: $STORAGE_PORT
native_transport_port: $NATIVE_PORT
start_native_transport: true

authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer

data_file_directories:
  - $RUN_DIR/data
commitlog_directory: $RUN_DIR/commitlog
saved_caches_directory: $RUN_DIR/saved_caches
hints_directory: $RUN_DIR/hints
cdc_raw_directory: $RUN_DIR/cdc_raw

commitlog_sync: periodic
commitlog_sync_period: 10000ms
commitlog_segment_size: 32MiB
disk_failure_policy: stop
commit_failure_policy: stop

# Test node: no snapshots on DROP/TRUNCATE, small caches, few threads.
auto_snapshot: false
snapshot_on_duplicate_row_detection: false
hinted_handoff_enabled: $HINTED_HANDOFF
key_cache_size: 16MiB
counter_cache_size: 4MiB
file_cache_size: 64MiB
memtable_heap_space: 128MiB
memtable_offheap_space: 128MiB
concurrent_reads: 8
concurrent_writes: 8
concurrent_counter_writes: 8
concurrent_compactors: 1
compaction_throughput: 0MiB/s
native_transport_max_threads: 32
EOF
  if [[ -n $CLIENT_KEYSTORE ]]; then
    cat >>"$YAML" <<EOF

client_encryption_options:
  enabled: true
  optional: false
  keystore: $CLIENT_KEYSTORE
  keystore_password: "$CLIENT_KEYSTORE_PASSWORD"
  store_type: PKCS12
  require_client_auth: false
EOF
  fi

  cat >"$LOGBACK" <<EOF
<configuration scan="false">
  <!-- Generated by scripts/cassandra/cassandra.sh: no console, $LOG_LEVEL and up to a file. -->
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$SYSTEM_LOG</file>
    <append>true</append>
    <encoder>
      <pattern>%-5level [%thread] %date{ISO8601} %F:%L - %msg%n</pattern>
    </encoder>
  </appender>
  <root level="$LOG_LEVEL">
    <appender-ref ref="FILE"/>
  </root>
</configuration>
EOF
}

jvm_args() {
  JVM_ARGS=(
    "-Xms$HEAP" "-Xmx$HEAP"
    -Xss256k
    -XX:+UseG1GC -XX:+ParallelRefProcEnabled -XX:MaxTenuringThreshold=1
    -XX:G1HeapRegionSize=16m -XX:G1RSetUpdatingPauseTimePercent=5
    -XX:MaxGCPauseMillis=300 -XX:InitiatingHeapOccupancyPercent=70
    -XX:MaxDirectMemorySize=512m
    -XX:+ExitOnOutOfMemoryError
    -XX:+PerfDisableSharedMem
    -Djava.net.preferIPv4Stack=true
    -Djava.awt.headless=true
    -Djdk.attach.allowAttachSelf=true
    -Dio.netty.tryReflectionSetAccessible=true
    -Dio.netty.allocator.useCacheForAllThreads=true
    -Dio.netty.allocator.maxOrder=11
    # JPMS, from Cassandra 5.0's conf/jvm17-server.options (harmless on 11).
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
    --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
    --add-exports java.base/sun.nio.ch=ALL-UNNAMED
    --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED
    --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
    --add-exports java.sql/java.sql=ALL-UNNAMED
    --add-exports java.base/java.lang.ref=ALL-UNNAMED
    --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
    --add-opens java.base/java.lang.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
    --add-opens java.base/jdk.internal.ref=ALL-UNNAMED
    --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
    --add-opens java.base/jdk.internal.math=ALL-UNNAMED
    --add-opens java.base/jdk.internal.module=ALL-UNNAMED
    --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
    --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
    --add-opens java.base/sun.nio.ch=ALL-UNNAMED
    --add-opens java.base/java.io=ALL-UNNAMED
    --add-opens java.base/java.nio=ALL-UNNAMED
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED
    --add-opens java.base/java.util=ALL-UNNAMED
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED
    --add-opens java.base/java.lang=ALL-UNNAMED
    --add-opens java.base/java.math=ALL-UNNAMED
    --add-opens java.base/java.lang.reflect=ALL-UNNAMED
    --add-opens java.base/java.net=ALL-UNNAMED
    # Cassandra
    "-Dcassandra.config=file://$YAML"
    -Dcassandra-foreground=yes
    "-Dlogback.configurationFile=$LOGBACK"
    "-Dcassandra.storagedir=$RUN_DIR"
    "-Dcassandra.logdir=$LOG_DIR"
    "-Dcassandra.triggers_dir=$RUN_DIR/triggers"
    "-Djava.io.tmpdir=$RUN_DIR/tmp"
    -Dcassandra.skip_wait_for_gossip_to_settle=0
    -Dcassandra.ring_delay_ms=1000
    -Dcassandra.shutdown_announce_in_ms=0
    # Skip the ~1.5 s measurement of memtable row overhead at startup (5.0.9 measures 180).
    -Dcassandra.memtable.row_overhead_size=180
    "-Dcassandra.initial_token=$INITIAL_TOKEN"
    -Dcassandra.superuser_setup_delay_ms=0
    "-Dcassandra.unsafesystem=$UNSAFE_SYSTEM"
  )
  if [[ -n $JMX_PORT ]]; then
    JVM_ARGS+=("-Dcassandra.jmx.local.port=$JMX_PORT")
  fi
}

# ---------------------------------------------------------------------------
# Commands

cmd_wait() {
  local deadline
  deadline=$((SECONDS + TIMEOUT))
  while ! cql_answers; do
    if [[ -f $PID_FILE ]] && ! running_pid >/dev/null; then
      err "waiting for CQL: the Cassandra JVM (pid file $PID_FILE) has exited"
      show_logs
      return 1
    fi
    if ((SECONDS >= deadline)); then
      err "waiting for CQL: no answer on $HOST:$NATIVE_PORT after ${TIMEOUT}s (ANNALS_CASSANDRA_TIMEOUT)"
      show_logs
      return 1
    fi
    sleep 0.5
  done
  log "CQL answers on $HOST:$NATIVE_PORT"
}

cmd_start() {
  local pid
  if cql_answers; then
    if pid="$(running_pid)"; then
      log "already running (pid $pid); CQL answers on $HOST:$NATIVE_PORT"
    else
      log "CQL already answers on $HOST:$NATIVE_PORT (not started by this script); not starting another"
    fi
    return 0
  fi
  if pid="$(running_pid)"; then
    log "already starting (pid $pid); waiting for CQL"
    cmd_wait
    return
  fi
  check_ports_free
  fetch_jars
  check_java

  mkdir -p "$RUN_DIR"
  clean_run_dir
  write_config
  launch
}

check_ports_free() {
  if port_in_use "$NATIVE_PORT"; then
    err "starting JVM: port $HOST:$NATIVE_PORT is taken by something that does not speak CQL"
    return 1
  fi
  if port_in_use "$STORAGE_PORT"; then
    err "starting JVM: storage port $HOST:$STORAGE_PORT is taken (set ANNALS_CASSANDRA_STORAGE_PORT)"
    return 1
  fi
}

# Starts the JVM on the config and data in RUN_DIR and waits for CQL; stops it if CQL never answers.
launch() {
  local pid started
  jvm_args
  log "starting JVM: Cassandra $VERSION on $HOST:$NATIVE_PORT (run dir $RUN_DIR)"
  started=$SECONDS
  # setsid: own session, so the node outlives the calling shell and its Ctrl-C.
  # The inner shell writes its own pid, then becomes java (exec keeps the pid).
  # Cassandra calls mlockall() at startup, unconditionally. As root (which has
  # CAP_IPC_LOCK, so RLIMIT_MEMLOCK does not apply) that succeeds and pins the
  # whole heap and every mapping in RAM. For a shared test machine we want it
  # to fail (Cassandra then logs one WARN and goes on): drop the capability
  # where we can, and set the lock limit to 0.
  local launcher=()
  if [[ $(id -u) == 0 ]] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --bounding-set=-ipc_lock true >/dev/null 2>&1; then
    launcher=(setpriv --bounding-set=-ipc_lock)
  fi
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid nohup bash -c 'ulimit -l 0 2>/dev/null || true; echo $$ >"$0"; exec "$@"' \
    "$PID_FILE" ${launcher[@]+"${launcher[@]}"} "$JAVA_BIN" "${JVM_ARGS[@]}" \
    -cp "$LIB_DIR/*" org.apache.cassandra.service.CassandraDaemon \
    </dev/null >>"$OUT_LOG" 2>&1 9>&- &

  # Wait for the pid file (written by the child right away).
  local _
  for _ in $(seq 1 50); do
    [[ -s $PID_FILE ]] && break
    sleep 0.1
  done
  if ! pid="$(running_pid)"; then
    sleep 1
    if ! pid="$(running_pid)"; then
      err "starting JVM: the Cassandra JVM exited at once (see $OUT_LOG)"
      show_logs
      return 1
    fi
  fi
  log "starting JVM: pid $pid; waiting for CQL (up to ${TIMEOUT}s)"
  if ! cmd_wait; then
    err "start failed; stopping the JVM (logs kept in $LOG_DIR)"
    stop_pid "$pid" 10 || true
    return 1
  fi
  log "started in $((SECONDS - started))s (pid $pid, logs in $LOG_DIR)"
}

# True while PID exists and is not a zombie.
alive() {
  local state=""
  kill -0 "$1" 2>/dev/null || return 1
  if [[ -r /proc/$1/stat ]]; then
    state="$(sed 's/.*) \(.\).*/\1/' "/proc/$1/stat" 2>/dev/null || true)"
  fi
  [[ $state != Z ]]
}

# stop_pid PID GRACE_SECONDS: SIGTERM, wait, SIGKILL, wait.
stop_pid() {
  local pid=$1 grace=$2 ticks=0
  kill -TERM "$pid" 2>/dev/null || return 0
  while alive "$pid"; do
    if ((ticks >= grace * 10)); then
      log "pid $pid still alive after ${grace}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      ticks=0
      while alive "$pid" && ((ticks < 600)); do
        sleep 0.1
        ticks=$((ticks + 1))
      done
      break
    fi
    sleep 0.1
    ticks=$((ticks + 1))
  done
  if alive "$pid"; then
    err "stopping: pid $pid survived SIGKILL"
    return 1
  fi
}

cmd_kill() {
  local pid
  if ! pid="$(running_pid)"; then
    err "kill: nothing running from $RUN_DIR"
    return 1
  fi
  kill -KILL "$pid"
  while alive "$pid"; do sleep 0.1; done
  log "killed pid $pid (SIGKILL); its data stays in $RUN_DIR for 'restart'"
}

cmd_restart() {
  local pid
  if [[ ! -f $YAML ]]; then
    err "restart: no node was started in $RUN_DIR (use start)"
    return 1
  fi
  if pid="$(running_pid)"; then
    log "stopping Cassandra (pid $pid), keeping its data ..."
    stop_pid "$pid" "$STOP_GRACE"
  fi
  check_ports_free
  check_java
  launch
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping Cassandra (pid $pid) ..."
    stop_pid "$pid" "$STOP_GRACE"
    log "stopped"
  else
    log "nothing running from $RUN_DIR"
    if cql_answers; then
      log "note: CQL still answers on $HOST:$NATIVE_PORT (not started by this script; left alone)"
    fi
  fi
  if [[ -d $RUN_DIR ]]; then
    clean_run_dir
    rmdir "$RUN_DIR" 2>/dev/null || true
    log "removed data under $RUN_DIR"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    if cql_answers; then
      log "running (pid $pid); CQL answers on $HOST:$NATIVE_PORT"
    else
      log "starting (pid $pid); CQL not answering yet on $HOST:$NATIVE_PORT"
    fi
  elif cql_answers; then
    log "not started by this script, but CQL answers on $HOST:$NATIVE_PORT"
  else
    log "not running"
    return 3
  fi
}

# Serialise start/stop of the same run dir (e.g. parallel test workers that
# each call `start`). The lock file sits beside the run dir and is kept.
with_lock() {
  if command -v flock >/dev/null 2>&1; then
    local lock="${RUN_DIR%/}.lock"
    mkdir -p "$(dirname "$lock")"
    exec 9>"$lock"
    if ! flock -w "$((TIMEOUT + 120))" 9; then
      err "could not take the lock $lock (another cassandra.sh start/stop is stuck?)"
      return 1
    fi
  fi
  "$@"
}

main() {
  if [[ -z $VERSION ]]; then
    err "cannot read <cassandra.version> from $POM"
    exit 1
  fi
  case "${1:-}" in
    start) with_lock cmd_start ;;
    stop) with_lock cmd_stop ;;
    restart) with_lock cmd_restart ;;
    kill) with_lock cmd_kill ;;
    fetch) fetch_jars ;;
    libdir) fetch_jars >&2 && printf '%s\n' "$LIB_DIR" ;;
    status) cmd_status ;;
    wait) cmd_wait ;;
    -h | --help | help) usage ;;
    *)
      usage
      exit 2
      ;;
  esac
}

main "$@"
