// Starts the four demo MCP servers of the quickstart (tickets, crm, payments, payroll) on
// loopback, each at http://127.0.0.1:<port>/mcp, and prints one JSON line with their URLs once all
// listen:
//
//   node examples/quickstart/servers/start.mjs                       # ports 7101-7104
//   node examples/quickstart/servers/start.mjs --tickets 0 --crm 0   # 0: any free port
//
// Ports come from --<server> PORT, else the environment (TICKETS_PORT, CRM_PORT, PAYMENTS_PORT,
// PAYROLL_PORT), else the defaults. Stops on SIGINT / SIGTERM.
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { serveMcp } from "./mcp_http.mjs";
import { createTicketsServer } from "./tickets.mjs";
import { createCrmServer } from "./crm.mjs";
import { createPaymentsServer } from "./payments.mjs";
import { createPayrollServer } from "./payroll.mjs";

export const SERVERS = {
  tickets: { create: createTicketsServer, defaultPort: 7101 },
  crm: { create: createCrmServer, defaultPort: 7102 },
  payments: { create: createPaymentsServer, defaultPort: 7103 },
  payroll: { create: createPayrollServer, defaultPort: 7104 },
};

// Starts every server at ports[name] (default: its default port). Resolves to
// { urls: {name: url}, sessions(): {name: open MCP sessions}, close() }.
export async function startServers(ports = {}) {
  const started = {};
  try {
    for (const [name, { create, defaultPort }] of Object.entries(SERVERS)) {
      started[name] = await serveMcp({ createServer: create, port: ports[name] ?? defaultPort });
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((server) => server.close()));
    throw error;
  }
  return {
    urls: Object.fromEntries(Object.entries(started).map(([name, server]) => [name, server.url])),
    sessions: () =>
      Object.fromEntries(Object.entries(started).map(([name, server]) => [name, server.sessionCount()])),
    close: () => Promise.all(Object.values(started).map((server) => server.close())),
  };
}

function portOf(text, what) {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what}: not a port: ${text}`);
  return port;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = Object.fromEntries(Object.keys(SERVERS).map((name) => [name, { type: "string" }]));
  const { values } = parseArgs({ options });
  const ports = {};
  for (const name of Object.keys(SERVERS)) {
    const text = values[name] ?? process.env[`${name.toUpperCase()}_PORT`];
    if (text !== undefined) ports[name] = portOf(text, name);
  }
  const servers = await startServers(ports);
  console.log(JSON.stringify(servers.urls));
  const stop = () => servers.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
