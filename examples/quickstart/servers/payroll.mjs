// Demo MCP server "payroll": a tool no agent should ever call (the policies deny it to agents).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function createPayrollServer() {
  const server = new McpServer({ name: "payroll", version: "1.0.0" });
  server.registerTool(
    "run_payroll",
    {
      title: "Run payroll",
      description: "Pays every employee for a period.",
      inputSchema: { period: z.string().regex(/^\d{4}-\d{2}$/).describe("YYYY-MM") },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ period }) => ({ content: [{ type: "text", text: `payroll for ${period} submitted` }] }),
  );
  return server;
}
