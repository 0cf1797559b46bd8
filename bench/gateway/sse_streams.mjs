// Concurrent streamed LLM answers through the gateway, for bench/gateway/gateway_bench.mjs: opens
// many streamed chat completions at once (against bench/gateway/slow_llm_standin.mjs, which takes
// seconds to finish each), holds them all open together, and checks that every one completes
// with every chunk, in order, and `data: [DONE]`. Meanwhile it samples the gateway's resident
// memory.
import http from "node:http";

import { residentMegabytes } from "../http/servers.mjs";

// How long a stream may go without a byte before it counts as stalled (the stand-in sends one a
// second).
const STALL_MS = 30_000;

// Whether `text` (a whole event stream) carries "tick 1 " ... "tick <chunks> " in order and ends
// with the [DONE] event.
function complete(text, chunks) {
  let from = 0;
  for (let tick = 1; tick <= chunks; tick += 1) {
    from = text.indexOf(`"tick ${tick} "`, from);
    if (from < 0) return false;
  }
  return text.endsWith("data: [DONE]\n\n");
}

// Sends one streamed request; `events.opened()` once its 200 head has arrived. Resolves to null
// when the stream completed, else to why not (a short reason, counted by the caller).
function oneStream(agent, url, headers, body, chunks, events) {
  return new Promise((resolve) => {
    const request = http.request(url, { method: "POST", agent, headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        events.refused();
        return resolve(`HTTP ${response.statusCode}`);
      }
      events.opened();
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (piece) => {
        text += piece;
      });
      response.on("end", () => {
        events.closed();
        resolve(complete(text, chunks) ? null : "cut short");
      });
      response.on("error", () => {
        events.closed();
        resolve("cut short");
      });
    });
    request.setTimeout(STALL_MS, () => request.destroy(new Error("stalled")));
    request.on("error", (error) => {
      events.refused();
      resolve(error.code ?? error.message);
    });
    request.end(body);
  });
}

// Opens `count` streams of POST `url` (JSON `body`, extra `headers`), `batch` at a time: a batch
// starts once the previous one's answers have all begun (or failed), so that the listen backlog
// is never overrun. `chunks`: how many content chunks each stream must carry. `pid`: the
// gateway's process. Resolves once every stream has ended to {count, completed, failures
// ({reason: n}), peakOpen (most streams open at the same moment), rampSeconds (until the last
// batch had begun), openAfterRamp (streams open then), baselineMb (RSS before), rampMb (RSS
// then), peakMb (the highest RSS sampled, every 250 ms)}.
export async function holdStreams({ url, headers, body, count, chunks, pid, batch = 500 }) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const text = JSON.stringify(body);
  const allHeaders = { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers };
  const baselineMb = residentMegabytes(pid);
  const start = process.hrtime.bigint();
  let peakMb = baselineMb;
  const sampler = setInterval(() => {
    peakMb = Math.max(peakMb, residentMegabytes(pid));
  }, 250);

  let open = 0;
  let peakOpen = 0;
  const streams = [];
  for (let started = 0; started < count; started += batch) {
    const begun = [];
    for (let i = started; i < Math.min(count, started + batch); i += 1) {
      let signal;
      begun.push(new Promise((resolve) => {
        signal = resolve;
      }));
      const events = {
        opened() {
          open += 1;
          peakOpen = Math.max(peakOpen, open);
          signal();
        },
        refused: () => signal(),
        closed() {
          open -= 1;
        },
      };
      streams.push(oneStream(agent, url, allHeaders, text, chunks, events));
    }
    await Promise.all(begun);
  }
  const rampSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const openAfterRamp = open;
  const rampMb = residentMegabytes(pid);
  const outcomes = await Promise.all(streams);
  clearInterval(sampler);
  agent.destroy();

  const failures = {};
  for (const reason of outcomes.filter((outcome) => outcome !== null)) {
    failures[reason] = (failures[reason] ?? 0) + 1;
  }
  const completed = outcomes.filter((outcome) => outcome === null).length;
  return { count, completed, failures, peakOpen, rampSeconds, openAfterRamp, baselineMb, rampMb, peakMb };
}
