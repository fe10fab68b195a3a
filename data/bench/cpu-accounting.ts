// Where the CPU goes during a load run on the local cluster (`npm run bench:load -- --proxy`, load-proxy.ts): the
// CPU time of each process tree — the two app instances, the primary's and the replica's postmaster with their
// backends, nginx with its workers, this benchmark (autocannon runs in it) — read from /proc before and after a run,
// and the machine's busy time from /proc/stat, so what is left is other work on the machine. Linux only.
import { readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

/** The kernel's clock ticks per second (`getconf CLK_TCK`): 100 on every Linux this runs on. */
const TICKS_PER_SECOND = 100

export interface CpuGroup {
  name: string
  /** the root of the process tree, read when the snapshot is taken (a pid file); null: the group is skipped */
  pid: () => number | null
}

export interface CpuSnapshot {
  at: number
  /** ticks per group: every live process of the tree, with the children it has reaped */
  ticks: Map<string, number>
  /** busy ticks of all cores (user, nice, system, irq, softirq, steal) */
  busy: number
}

interface ProcStat {
  ppid: number
  ticks: number
}

function readProcStat(pid: string): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the command name may hold spaces and parentheses: the fields start after the last ')'
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    // state ppid … utime(11) stime(12) cutime(13) cstime(14), counted from the state
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]))
    return { ppid: Number(fields[1]), ticks: (utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0) }
  } catch {
    return null // gone meanwhile
  }
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  // cpu user nice system idle iowait irq softirq steal
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
  return [user, nice, system, irq, softirq, steal].reduce<number>((sum, n) => sum + (n ?? 0), 0)
}

/** The CPU ticks of each group's process tree now. */
export function cpuSnapshot(groups: readonly CpuGroup[]): CpuSnapshot {
  const procs = new Map<number, ProcStat>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = readProcStat(entry)
    if (stat) procs.set(Number(entry), stat)
  }
  const children = new Map<number, number[]>()
  for (const [pid, stat] of procs) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid])
  const ticks = new Map<string, number>()
  for (const group of groups) {
    const root = group.pid()
    if (root === null || !procs.has(root)) continue
    let sum = 0
    const todo = [root]
    while (todo.length > 0) {
      const pid = todo.pop() as number
      sum += procs.get(pid)?.ticks ?? 0
      todo.push(...(children.get(pid) ?? []))
    }
    ticks.set(group.name, sum)
  }
  return { at: performance.now(), ticks, busy: machineBusyTicks() }
}

/**
 * Cores used by each group between two snapshots (CPU seconds per second of the run), with the machine's busy
 * cores and the rest ("other": processes outside the groups), and the 1-minute load average at the end.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot) {
  const seconds = (after.at - before.at) / 1000
  const cores = (ticks: number) => ticks / TICKS_PER_SECOND / seconds
  const groups: Record<string, number> = {}
  let inGroups = 0
  for (const [name, end] of after.ticks) {
    const used = end - (before.ticks.get(name) ?? end)
    groups[name] = cores(used)
    inGroups += used
  }
  const busy = after.busy - before.busy
  return {
    groups,
    machine: cores(busy),
    other: cores(Math.max(0, busy - inGroups)),
    load1: loadavg()[0] ?? 0,
  }
}

export type CpuUse = ReturnType<typeof cpuBetween>

/** "app-a 0.95 · primary 0.12 · … · machine 1.98 of 2 · load 3.1" */
export function formatCpu(use: CpuUse, cores: number): string {
  const parts = Object.entries(use.groups).map(([name, n]) => `${name} ${n.toFixed(2)}`)
  parts.push(`other ${use.other.toFixed(2)}`, `machine ${use.machine.toFixed(2)} of ${cores}`)
  return `${parts.join(' · ')} · load ${use.load1.toFixed(1)}`
}
