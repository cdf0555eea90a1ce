# bench/lib.sh: what bench/run and bench/gateway share (sourced, not run): a scheduling session of their own,
# logging, bounded commands, waiting on conditions, CPU accounting per measured run, JVM warm-up, best-of-N.
#
# The sourcing script sets: RAW (raw output file), WORK (scratch directory), DEADLINE (in $SECONDS), JAVA_HOME,
# BACKEND_PIDS (array) and the associative arrays TPID R CORE CPU VALS (declare -A). TPID[KIND] holds the pid of
# each process of the tunnel under test, separated by spaces (bench/run: one; bench/gateway: client and server):
# their CPU is summed. KIND "ours" is a JVM (warm-up watches its JIT); any other kind is not.

# own_session "$@": call first. Other work on this machine (builds, tests) would take a large share of both cores.
# Scheduler autogroups make per-process nice values count only inside a session, so the script re-runs itself in
# a session of its own whose autogroup is reniced to -10 (about 9 of 10 CPU slices when others compete); set
# BENCH_NO_PRIORITY=1 to skip that. Ctrl-C or TERM to the caller reaches the whole session as TERM, and the
# caller waits until the session's EXIT trap has cleaned up.
own_session() {
    if [[ -z ${BENCH_IN_SESSION:-} && -z ${BENCH_NO_PRIORITY:-} ]]; then
        BENCH_IN_SESSION=1 setsid "$0" "$@" &
        local session=$! rc=0
        trap 'kill -TERM -- -'"$session"' 2>/dev/null' INT TERM
        wait "$session" || rc=$?
        while kill -0 "$session" 2>/dev/null; do # interrupted: wait for the clean-up too
            wait "$session" || rc=$?
        done
        exit "$rc"
    fi
    echo -10 >/proc/self/autogroup 2>/dev/null || true
    trap 'exit 143' INT TERM # so that the EXIT trap cleans up
}

log() { echo "$*" | tee -a "$RAW" >&2; }
# run SECONDS CMD...: logs the command and its output to the raw file; bounded by timeout
run() {
    local limit=$1; shift
    echo "[$(date +%T)] \$ $*" >>"$RAW"
    timeout "$limit" "$@" 2>&1 | tee -a "$RAW" || echo "(exit code $?: $*)" | tee -a "$RAW" >&2
}
check_deadline() { ((SECONDS < DEADLINE)) || { echo "$(basename "$0"): out of time" >&2; exit 1; }; }

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND (every 50 ms) until it succeeds or time runs out
wait_for() {
    local what=$1 limit=$2; shift 2
    local end=$((SECONDS + limit))
    until "$@"; do
        ((SECONDS < end)) || { log "timed out waiting for $what"; return 1; }
        sleep 0.05
    done
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" | head -1; }
better() { awk -v a="$1" -v b="$2" 'BEGIN {exit !(a + 0 > b + 0)}'; }
# per_core VALUE TUNNEL_PCT: the figure per CPU-second of the tunnel (DESIGN.md 6 states its targets per core)
per_core() { awk -v v="$1" -v p="$2" 'BEGIN { if (v + 0 > 0 && p + 0 > 0) printf "%.1f", v * 100 / p; else print "n/a" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'; }

# ---------------------------------------------------------------- CPU accounting per run
# /proc/stat per CPU: busy = user+nice+system, irq = irq+softirq, steal; processes: utime+stime in clock ticks.
TICK=$(getconf CLK_TCK)
cpu_line() { awk -v c="cpu$1" '$1==c {print $2+$3+$4, $7+$8, $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
pid_ticks() { # PID...: their utime+stime summed (all threads)
    local pid
    for pid in "$@"; do cat "/proc/$pid/stat" 2>/dev/null || true; done | awk '{sum += $14 + $15} END {print sum + 0}'
}
child_ticks() { # CPU of this shell's finished children (the load generators), in ticks
    times >"$WORK/times" # in this shell: a subshell's `times` would not see our children
    awk -v t="$TICK" 'NR==2 {
        split($1,u,/[ms]/); split($2,s,/[ms]/); printf "%d\n", ((u[1]*60+u[2]) + (s[1]*60+s[2]))*t }' "$WORK/times"
}
cpu_begin() { # KIND
    P0=($(cpu_line 0)) P1=($(cpu_line 1))
    child_ticks >"$WORK/ticks"
    PT=$(pid_ticks ${TPID[$1]}) PB=$(pid_ticks "${BACKEND_PIDS[@]}") PC=$(<"$WORK/ticks")
}
# cpu_end KIND: sets CPU_NOTE ("tunnel T% | cpu0 other O% irq I% | cpu1 load L% backend B% other O% irq I%")
# and TUNNEL_PCT. Process times and /proc/stat's irq columns overlap a little, so "other" can come out below 0.
cpu_end() {
    local q0=($(cpu_line 0)) q1=($(cpu_line 1))
    child_ticks >"$WORK/ticks"
    local t=$(($(pid_ticks ${TPID[$1]}) - PT)) b=$(($(pid_ticks "${BACKEND_PIDS[@]}") - PB))
    local c=$(($(<"$WORK/ticks") - PC)) tot0=$((q0[2] - P0[2])) tot1=$((q1[2] - P1[2]))
    ((tot0 > 0 && tot1 > 0)) || { CPU_NOTE="(too short)" TUNNEL_PCT=0; return; }
    TUNNEL_PCT=$((100 * t / tot0))
    CPU_NOTE="tunnel $TUNNEL_PCT% | cpu0 other $((100 * (q0[0] - P0[0] - t) / tot0))%"
    CPU_NOTE+=" irq $((100 * (q0[1] - P0[1]) / tot0))% | cpu1 load $((100 * c / tot1))% backend $((100 * b / tot1))%"
    CPU_NOTE+=" other $((100 * (q1[0] - P1[0] - b - c) / tot1))% irq $((100 * (q1[1] - P1[1]) / tot1))%"
    CPU_NOTE+=" | idle cpu0 $((100 - 100 * (q0[0] - P0[0] + q0[1] - P0[1] + q0[3] - P0[3]) / tot0))%"
    CPU_NOTE+=" cpu1 $((100 - 100 * (q1[0] - P1[0] + q1[1] - P1[1] + q1[3] - P1[3]) / tot1))%"
    CPU_NOTE+=" | steal $((100 * (q0[3] - P0[3] + q1[3] - P1[3]) / (tot0 + tot1)))%"
}

# ---------------------------------------------------------------- warm-up and measured runs
# warm_up KIND EXTRACT COMMAND...: runs COMMAND (a short load) until the figure EXTRACT reads from its output
# changes by less than 5% from one run to the next and, for the JVM, its JIT compiled at most 10 methods during
# the last run (jstat -compiler, summed over the tunnel's processes); at least 2 runs, at most WARM_MAX (15).
# stunnel is warm after 2; a JVM with one core needs 20-30 s of load per kind of work before its figures stop
# rising (two JVMs sharing that core, bench/gateway, need longer).
jit_compiled() { # KIND: methods compiled so far (0 for stunnel)
    [[ $1 == ours ]] || { echo 0; return; }
    local pid
    for pid in ${TPID[$1]}; do
        timeout 10 "$JAVA_HOME/bin/jstat" -compiler "$pid" 2>/dev/null | awk 'NR == 2 {print $1}'
    done | awk '{sum += $1} END {print sum + 0}'
}
warm_up() {
    local kind=$1 extract=$2 prev=0 cur i c0 c1 max=${WARM_MAX:-15}
    shift 2
    for ((i = 1; i <= max; i++)); do
        c0=$(jit_compiled "$kind")
        cur=$(run 60 "$@" | $extract)
        c1=$(jit_compiled "$kind")
        cur=${cur:-0}
        if ((i >= 2 && ${c1:-0} - ${c0:-0} <= 10)) \
            && awk -v a="$prev" -v b="$cur" 'BEGIN {exit !(b > 0 && (a - b) / b < 0.05 && (b - a) / b < 0.05)}'; then
            break
        fi
        prev=$cur
    done
    log "  $kind warm-up: $((i > max ? max : i)) run(s), last $cur, JIT compilations in it: $((${c1:-0} - ${c0:-0}))"
}

# measure KEY KIND EXTRACT COMMAND...: one measured run; keeps the best value (and its CPU note) per KEY and KIND.
# For the JVM it also logs how many methods its JIT compiled during the run (counted outside the measured window).
measure() {
    local key=$1 kind=$2 extract=$3 out value c0 c1 jit=""
    shift 3
    c0=$(jit_compiled "$kind")
    cpu_begin "$kind"
    out=$(run 120 "$@")
    cpu_end "$kind"
    c1=$(jit_compiled "$kind")
    [[ $kind != ours ]] || jit=", JIT compilations: $((${c1:-0} - ${c0:-0}))"
    value=$($extract <<<"$out")
    value=${value:-0}
    VALS[$key,$kind]+="$value "
    log "  $kind $key: $value   (cpu: $CPU_NOTE$jit)"
    if [[ -z ${R[$key,$kind]:-} ]] || better "$value" "${R[$key,$kind]}"; then
        R[$key,$kind]=$value CORE[$key,$kind]=$(per_core "$value" "$TUNNEL_PCT") CPU[$key,$kind]=$CPU_NOTE
    fi
    LAST_OUT=$out
}
mbps() { field MBps; }
per_second() { field per_second; }
