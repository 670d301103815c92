// The CPU time a Chromium started by a benchmark has used, for comparing work on a shared machine.
import {readFileSync, readdirSync} from 'node:fs';

/**
 * CPU seconds used so far by the Chromium started with `userDataDir` (its browser process and
 * every process under it: renderer, workers, the storage service). On a shared machine wall time swings with the load;
 * the CPU time a run costs stays put, so `...CpuSeconds` compare a run with its ceiling steadily.
 * Linux /proc only; null elsewhere.
 */
export function chromiumCpuSeconds(userDataDir) {
  try {
    const stats = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15), 0-based here.
        stats.set(Number(entry), {
          ppid: Number(fields[1]),
          ticks: Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]),
        });
      } catch {
        // A process that ended meanwhile.
      }
    }
    const roots = [...stats.keys()].filter((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        return cmdline.includes(userDataDir) && !cmdline.includes('--type=');
      } catch {
        return false;
      }
    });
    const inTree = new Set(roots);
    for (let grew = true; grew;) {
      grew = false;
      for (const [pid, {ppid}] of stats) {
        if (inTree.has(pid) || !inTree.has(ppid)) continue;
        inTree.add(pid);
        grew = true;
      }
    }
    let ticks = 0;
    for (const pid of inTree) ticks += stats.get(pid).ticks;
    return roots.length === 0 ? null : ticks / 100;
  } catch {
    return null;
  }
}
