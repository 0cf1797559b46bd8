// Keeping idle cores polling during a latency benchmark (bench/http, bench/gateway).
import fs from "node:fs";

// Asks the kernel to keep idle cores polling instead of halting (PM QoS: a 0 µs wake-up latency,
// as cyclictest and tuned's latency-performance profile do) until this process exits. A halted
// (virtual) CPU takes tens of microseconds to wake, which at one connection would be most of a
// Portcullis round trip, for every server measured alike. `enabled` false: nothing is asked.
// Returns how the machine idles during the runs.
export function holdIdlePolling(enabled) {
  if (!enabled) return "cores idle as configured";
  try {
    const fd = fs.openSync("/dev/cpu_dma_latency", "w");
    fs.writeSync(fd, Buffer.alloc(4)); // an int32 0; held until the descriptor closes at exit
    return "idle cores poll (/dev/cpu_dma_latency held at 0)";
  } catch (error) {
    return `cores idle as configured (/dev/cpu_dma_latency: ${error.code})`;
  }
}
