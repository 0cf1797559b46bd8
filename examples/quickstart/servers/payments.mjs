// Demo MCP server "payments": refunds and the balance they come from. Which refunds an agent may
// make is the gateway's policy, not this server's: it accepts any well-formed refund.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

export function createPaymentsServer() {
  const server = new McpServer({ name: "payments", version: "1.0.0" });
  const balances = { USD: 25000, EUR: 12000, GBP: 8000 };
  const refunds = [];

  server.registerTool(
    "create_refund",
    {
      title: "Create a refund",
      description: "Refunds an amount to a customer. Moves money: cannot be undone.",
      inputSchema: {
        amount: z.number().positive().describe("Amount in the currency's major unit, e.g. 49.90"),
        currency: z.enum(["USD", "EUR", "GBP"]),
        reason: z.string().describe("Why, for the audit trail"),
        ticket_id: z.string().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ amount, currency, reason, ticket_id: ticketId }) => {
      const refund = { id: `R-${5000 + refunds.length}`, amount, currency, reason, ticket_id: ticketId ?? null };
      refunds.push(refund);
      balances[currency] -= amount;
      return { content: [{ type: "text", text: `refunded ${amount} ${currency} (${refund.id})` }], structuredContent: { refund } };
    },
  );

  server.registerTool(
    "get_balance",
    {
      title: "Get the balance",
      description: "The balance refunds are paid from, per currency.",
      inputSchema: { currency: z.enum(["USD", "EUR", "GBP"]).optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ currency }) => {
      const result = currency ? { [currency]: balances[currency] } : { ...balances };
      return { content: [{ type: "text", text: JSON.stringify(result) }], structuredContent: { balances: result } };
    },
  );
  return server;
}
